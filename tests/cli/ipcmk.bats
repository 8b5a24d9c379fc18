#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# ipcmk: every option, every kind, every error message; errors change nothing.

load helpers

setup() {
    reset_ipc
}

# CMD... must exit 1 with exactly MSG (first argument) on stderr, nothing on
# stdout, and leave every IPC object as it was
fails_with() {
    local msg=$1 before
    shift
    before=$(ipc_snapshot)
    runs "$@"
    if [ "$rc" != 1 ] || [ "$err" != "$msg" ] || [ -n "$out" ]; then
        printf 'exit %s\nstdout: %s\nstderr: %s\nexpected stderr: %s\n' "$rc" "$out" "$err" "$msg" >&2
        return 1
    fi
    diff -u <(echo "$before") <(ipc_snapshot)
}

usage_error() {
    printf "ipcmk: %s\nTry 'ipcmk --help' for more information." "$1"
}

# the field (1-based) of the /proc/sysvipc/KIND line of id ID
sysv_field() {
    awk -v id="$2" -v f="$3" 'NR > 1 && $2 == id { print $f }' "/proc/sysvipc/$1"
}

count_sysv() {
    echo $(($(wc -l <"/proc/sysvipc/$1") - 1))
}

count_all() {
    echo $(($(count_sysv shm) + $(count_sysv msg) + $(count_sysv sem) + \
        $(ls -A /dev/shm | wc -l) + $(ls -A /dev/mqueue | wc -l)))
}

# value of POSIX semaphore NAME: glibc keeps it in the low 32 bits of the
# first word of the sem.NAME file
psem_value() {
    od -An -tu4 -N4 "/dev/shm/sem.${1#/}" | tr -d ' '
}

@test "-M creates a System V segment of the size and prints its id" {
    runs ipcmk -M 4096
    [ "$rc" = 0 ] && [ -z "$err" ]
    [[ "$out" =~ ^Shared\ memory\ id:\ ([0-9]+)$ ]]
    id=${BASH_REMATCH[1]}
    [ "$(sysv_field shm "$id" 4)" = 4096 ]
    [ "$(sysv_field shm "$id" 3)" = 644 ]
    [ "$(count_all)" = 1 ]
}

@test "--shmem takes size suffixes and base prefixes" {
    for spec in "1K 1024" "1KiB 1024" "1KB 1000" "1.5K 1536" "0x10 16" "010 8" "2M 2097152"; do
        set -- $spec
        out=$(ipcmk --shmem "$1")
        id=${out##*: }
        [ "$(sysv_field shm "$id" 4)" = "$2" ] || { echo "$1 -> $(sysv_field shm "$id" 4)"; return 1; }
    done
}

@test "-m creates a POSIX shm object of the size, name echoed as given" {
    runs ipcmk -m 100 -n /pshm1
    [ "$rc" = 0 ] && [ -z "$err" ]
    [ "$out" = "POSIX shared memory name: /pshm1" ]
    [ "$(stat -c %s /dev/shm/pshm1)" = 100 ]
    runs ipcmk --posix-shmem 1K --name noslash
    [ "$out" = "POSIX shared memory name: noslash" ]
    [ "$(stat -c %s /dev/shm/noslash)" = 1024 ]
}

@test "-Q and --queue create a System V message queue" {
    runs ipcmk -Q
    [ "$rc" = 0 ] && [ -z "$err" ]
    [[ "$out" =~ ^Message\ queue\ id:\ ([0-9]+)$ ]]
    [ "$(sysv_field msg "${BASH_REMATCH[1]}" 3)" = 644 ]
    out=$(ipcmk --queue)
    [[ "$out" =~ ^Message\ queue\ id:\ [0-9]+$ ]]
    [ "$(count_sysv msg)" = 2 ]
}

@test "-q creates a POSIX message queue" {
    runs ipcmk -q -n /mq1
    [ "$rc" = 0 ] && [ -z "$err" ]
    [ "$out" = "POSIX message queue name: /mq1" ]
    [ -f /dev/mqueue/mq1 ]
    runs ipcmk --posix-mqueue --name mq2
    [ "$out" = "POSIX message queue name: mq2" ]
    [ -f /dev/mqueue/mq2 ]
}

@test "-S N creates a System V set of N semaphores, values 0" {
    runs ipcmk -S 3
    [ "$rc" = 0 ] && [ -z "$err" ]
    [[ "$out" =~ ^Semaphore\ id:\ ([0-9]+)$ ]]
    id=${BASH_REMATCH[1]}
    [ "$(sysv_field sem "$id" 4)" = 3 ]
    "$UL_BIN/ipcs" -s -i "$id" | awk '/^[0-9]/ { v = v $2 " " } END { print v }' | grep -qx '0 0 0 '
    out=$(ipcmk --semaphore 1)
    [[ "$out" =~ ^Semaphore\ id:\ [0-9]+$ ]]
}

@test "-s creates a POSIX semaphore with value 0" {
    runs ipcmk -s -n /sem1
    [ "$rc" = 0 ] && [ -z "$err" ]
    [ "$out" = "POSIX semaphore name: /sem1" ]
    [ -f /dev/shm/sem.sem1 ]
    [ "$(psem_value sem1)" = 0 ]
    runs ipcmk --posix-semaphore --name sem2
    [ "$out" = "POSIX semaphore name: sem2" ]
}

@test "all six kinds at once: util-linux's order, one name for the POSIX ones" {
    runs ipcmk -s -S 2 -q -Q -m 10 -M 20 -n /all
    [ "$rc" = 0 ] && [ -z "$err" ]
    [[ "$(sed 's/[0-9][0-9]*$/N/' <<<"$out")" = "Shared memory id: N
POSIX shared memory name: /all
Message queue id: N
POSIX message queue name: /all
Semaphore id: N
POSIX semaphore name: /all" ]]
    [ "$(count_all)" = 6 ]
}

@test "-M and -m each keep their own size" {
    out=$(ipcmk -M 100 -m 200 -n /sz)
    id=$(sed -n 's/^Shared memory id: //p' <<<"$out")
    [ "$(sysv_field shm "$id" 4)" = 100 ]
    [ "$(stat -c %s /dev/shm/sz)" = 200 ]
    out=$(ipcmk -m 300 -M 400 -n /sz2)
    id=$(sed -n 's/^Shared memory id: //p' <<<"$out")
    [ "$(sysv_field shm "$id" 4)" = 400 ]
    [ "$(stat -c %s /dev/shm/sz2)" = 300 ]
}

@test "-p sets the exact mode of every kind" {
    umask 077
    out=$(ipcmk -p 0640 -M 10 -Q -S 1 -m 10 -q -s -n /perm)
    for kind in shm msg sem; do
        [ "$(awk 'NR > 1 { print $3 }' "/proc/sysvipc/$kind")" = 640 ]
    done
    [ "$(stat -c %a /dev/shm/perm /dev/shm/sem.perm /dev/mqueue/perm | sort -u)" = 640 ]
    ipcmk --mode 0 -Q >/dev/null
    ipcmk --mode 777 -m 1 -n /perm2 >/dev/null
    [ "$(stat -c %a /dev/shm/perm2)" = 777 ]
    [ "$(awk 'NR > 1 { print $3 }' /proc/sysvipc/msg | sort | head -1)" = 0 ]
}

@test "--key gives System V objects the key (hex, decimal, octal)" {
    out=$(ipcmk --key 0x1234 -M 10 -Q -S 1)
    for kind in shm msg sem; do
        [ "$(awk 'NR > 1 { print $1 }' "/proc/sysvipc/$kind")" = 4660 ]
    done
    reset_ipc
    ipcmk --key 4660 -Q >/dev/null
    ipcmk --key 010 -M 1 >/dev/null
    [ "$(awk 'NR > 1 { print $1 }' /proc/sysvipc/msg)" = 4660 ]
    [ "$(awk 'NR > 1 { print $1 }' /proc/sysvipc/shm)" = 8 ]
}

@test "--key of an existing object: File exists, nothing created" {
    ipcmk --key 0x99 -Q >/dev/null
    fails_with "ipcmk: create message queue failed: File exists" ipcmk --key 0x99 -Q
}

@test "random keys: every object gets its own non-zero key" {
    for i in $(seq 20); do ipcmk -Q >/dev/null; done
    [ "$(awk 'NR > 1 { print $1 }' /proc/sysvipc/msg | sort -u | wc -l)" = 20 ]
    ! awk 'NR > 1 { print $1 }' /proc/sysvipc/msg | grep -qx 0
}

@test "a random key that is taken is drawn again, key 0 is never used" {
    command -v cc >/dev/null || skip "no C compiler to build the getrandom() stub"
    # a getrandom() that yields 0, then 0x1234, then 0x5678
    cat >"$BATS_TEST_TMPDIR/keys.c" <<'EOF_C'
#include <string.h>
#include <sys/types.h>
static unsigned int keys[] = { 0, 0x1234, 0x5678 };
static unsigned int n;
ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
	unsigned int k = keys[n < 3 ? n++ : 2];
	memcpy(buf, &k, len < sizeof(k) ? len : sizeof(k));
	return (ssize_t)(len < sizeof(k) ? len : sizeof(k));
}
EOF_C
    cc -shared -fPIC -o "$BATS_TEST_TMPDIR/keys.so" "$BATS_TEST_TMPDIR/keys.c"
    taken=$(ipctool msg 0x1234 0600)
    out=$(LD_PRELOAD="$BATS_TEST_TMPDIR/keys.so" ASAN_OPTIONS=verify_asan_link_order=0 \
        ipcmk --json -Q)
    [ "$(jq -r '.[0].key' <<<"$out")" = 0x00005678 ]
    [ "$(awk 'NR > 1 { print $1 }' /proc/sysvipc/msg | sort -n | tr '\n' ' ')" = "4660 22136 " ]
}

@test "an existing POSIX name is an error and the object is left alone" {
    ipctool pshm /taken 100 0600
    fails_with "ipcmk: create POSIX shared memory failed: File exists" ipcmk -m 5000 -n /taken
    [ "$(stat -c %s /dev/shm/taken)" = 100 ]
    ipctool pmq /takenq 0600
    fails_with "ipcmk: create POSIX message queue failed: File exists" ipcmk -q -n /takenq
    ipctool psem /takens 0600 7
    fails_with "ipcmk: create POSIX semaphore failed: File exists" ipcmk -s -n takens
    [ "$(psem_value takens)" = 7 ]
}

@test "one failure removes the objects this call already created" {
    ipctool psem /late 0600 1
    fails_with "ipcmk: create POSIX semaphore failed: File exists" \
        ipcmk -M 10 -m 10 -Q -q -S 1 -s -n /late
    [ "$(count_all)" = 1 ]
    ipctool sem 0x77 1 0600 >/dev/null
    fails_with "ipcmk: create semaphore failed: File exists" ipcmk --key 0x77 -M 10 -Q -S 1
}

@test "--maxmsg and --msgsize set the attributes of the POSIX queue" {
    ipcmk -q -n /attr --maxmsg 3 --msgsize 64 >/dev/null
    ipctool pmqsend /attr 64 3
    # the queue is full after 3 messages, and 65 bytes are too many
    ! ipctool pmqsend /attr 1 2>/dev/null
    ipcmk -q -n /attr2 --msgsize 16 >/dev/null
    ! ipctool pmqsend /attr2 17 2>/dev/null
    ipctool pmqsend /attr2 16
    ipcmk -q -n /attr3 --maxmsg 1 >/dev/null
    ipctool pmqsend /attr3 1
    ! ipctool pmqsend /attr3 1 2>/dev/null
}

@test "--maxmsg or --msgsize alone: the other is the kernel's default, capped at its maximum" {
    local d=/proc/sys/fs/mqueue saved
    saved="$(cat $d/msg_max) $(cat $d/msg_default) $(cat $d/msgsize_max) $(cat $d/msgsize_default)"
    # the sysctls let a default exceed its maximum; the kernel caps it
    echo 5 >$d/msg_max && echo 10 >$d/msg_default
    echo 1024 >$d/msgsize_max && echo 8192 >$d/msgsize_default
    runs ipcmk -q -n /cap_none
    runs ipcmk -q -n /cap_max --maxmsg 2
    [ "$rc" = 0 ] && [ -z "$err" ] && [ "$out" = "POSIX message queue name: /cap_max" ]
    runs ipcmk -q -n /cap_size --msgsize 200
    [ "$rc" = 0 ] && [ -z "$err" ] && [ "$out" = "POSIX message queue name: /cap_size" ]
    runs lsipc -Q --noheadings -r -b -o NAME,MAXMSG,MSGSIZE
    set -- $saved
    echo "$1" >$d/msg_max && echo "$2" >$d/msg_default
    echo "$3" >$d/msgsize_max && echo "$4" >$d/msgsize_default
    [ "$(sort <<<"$out")" = "$(printf '%s\n' '/cap_max 2 1024' '/cap_none 5 1024' '/cap_size 5 200')" ]
}

@test "--maxmsg and --msgsize above the fs.mqueue limits name the limit" {
    max=$(cat /proc/sys/fs/mqueue/msg_max)
    fails_with "ipcmk: --maxmsg $((max + 1)) exceeds fs.mqueue.msg_max ($max)" \
        ipcmk -q -n /big --maxmsg $((max + 1))
    size=$(cat /proc/sys/fs/mqueue/msgsize_max)
    fails_with "ipcmk: --msgsize $((size + 1)) exceeds fs.mqueue.msgsize_max ($size)" \
        ipcmk -q -n /big --msgsize $((size + 1))
    # the limits are per IPC namespace: the sandbox may raise them
    echo 20 >/proc/sys/fs/mqueue/msg_max
    fails_with "ipcmk: --maxmsg 21 exceeds fs.mqueue.msg_max (20)" ipcmk -q -n /big --maxmsg 21
    ipcmk -q -n /big --maxmsg 20 >/dev/null
}

@test "--maxmsg and --msgsize: bad numbers" {
    fails_with "ipcmk: --maxmsg must be at least 1: '0'" ipcmk -q -n /x --maxmsg 0
    fails_with "ipcmk: failed to parse --maxmsg: 'ten'" ipcmk -q -n /x --maxmsg ten
    fails_with "ipcmk: failed to parse --msgsize: '1x'" ipcmk -q -n /x --msgsize 1x
    fails_with "$(usage_error "--maxmsg requires --posix-mqueue")" ipcmk -Q --maxmsg 5
    fails_with "$(usage_error "--msgsize requires --posix-mqueue")" ipcmk -m 1 -n /x --msgsize 5
}

@test "--value sets every semaphore of a System V set and a POSIX semaphore" {
    out=$(ipcmk -S 3 --value 5 -s -n /v)
    id=$(sed -n 's/^Semaphore id: //p' <<<"$out")
    "$UL_BIN/ipcs" -s -i "$id" | awk '/^[0-9]/ { v = v $2 " " } END { print v }' | grep -qx '5 5 5 '
    [ "$(psem_value v)" = 5 ]
    ipcmk -s -n /big --value 100000 >/dev/null
    [ "$(psem_value big)" = 100000 ]
    ipcmk -S 1 --value 32767 >/dev/null
}

@test "--value: range and placement errors" {
    fails_with "ipcmk: --value 32768 exceeds the largest System V semaphore value (32767)" \
        ipcmk -S 1 --value 32768
    fails_with "ipcmk: --value 40000 exceeds the largest System V semaphore value (32767)" \
        ipcmk -S 1 -s -n /x --value 40000
    fails_with "ipcmk: failed to parse value: '-1'" ipcmk -s -n /x --value -1
    fails_with "ipcmk: failed to parse value: '2147483648': Numerical result out of range" \
        ipcmk -s -n /x --value 2147483648
    fails_with "$(usage_error "--value requires --semaphore or --posix-semaphore")" \
        ipcmk -Q --value 1
}

@test "--json lists what was created with numbers as numbers" {
    out=$(ipcmk --json --key 0x2a -M 10 -Q -S 1 -m 1 -q -s -n jname)
    [ "$(jq length <<<"$out")" = 6 ]
    [ "$(jq -r 'map(.kind) | join(",")' <<<"$out")" = "shm,pshm,msg,pmsg,sem,psem" ]
    [ "$(jq -r '[.[] | select(.name == null) | .key] | unique | .[]' <<<"$out")" = 0x0000002a ]
    [ "$(jq -r '[.[] | select(.id == null) | .name] | unique | .[]' <<<"$out")" = /jname ]
    [ "$(jq '[.[] | .id | select(. != null) | type] | unique' -c <<<"$out")" = '["number"]' ]
    [ "$(jq '[.[] | select(.kind == "pshm" or .kind == "pmsg" or .kind == "psem") | .key] | unique' -c <<<"$out")" = '[null]' ]
    for kind in shm msg sem; do
        id=$(jq -r ".[] | select(.kind == \"$kind\") | .id" <<<"$out")
        [ "$(sysv_field "$kind" "$id" 1)" = 42 ]
    done
}

@test "--json with a random key gives the key of the object" {
    out=$(ipcmk --json -Q)
    key=$(jq -r '.[0].key' <<<"$out")
    id=$(jq '.[0].id' <<<"$out")
    # /proc shows the key as a signed number; JSON spells it as lsipc does
    k=$(sysv_field msg "$id" 1)
    [ "$(printf '0x%08x' $(( (k + 4294967296) % 4294967296 )))" = "$key" ]
    [ "$(lsipc -q -i "$id" --json | jq -r '.messages[0].key')" = "$key" ]
}

@test "a name with control characters is echoed escaped" {
    runs ipcmk -m 1 -n $'/bad\033name'
    [ "$rc" = 0 ]
    [ "$out" = 'POSIX shared memory name: /bad\x1bname' ]
    [ -f $'/dev/shm/bad\033name' ]
}

@test "--help lists every option, exit 0" {
    runs ipcmk --help
    [ "$rc" = 0 ] && [ -z "$err" ]
    for o in --shmem --posix-shmem --semaphore --posix-semaphore --queue --posix-mqueue \
        --mode --name --key --maxmsg --msgsize --value --json --help --version; do
        grep -q -- "$o" <<<"$out" || { echo "missing $o"; return 1; }
    done
    [ "$(ipcmk -h)" = "$out" ]
}

@test "every option of --help is in the man page" {
    for o in $(ipcmk --help | grep -o -- '--[a-z-]*' | sort -u); do
        # "--posix-shmem" is written "Fl \-posix\-shmem" in mdoc
        m="Fl $(sed 's/-/\\-/g; s/^\\-//' <<<"$o")"
        grep -qF -- "$m" "$IPCBOX_SRC/man/ipcmk.1" || { echo "$o ($m) not in ipcmk.1"; return 1; }
    done
}

@test "--version" {
    runs ipcmk --version
    [ "$rc" = 0 ]
    [[ "$out" = "ipcmk from ipcbox "* ]]
    [ "$(ipcmk -V)" = "$out" ]
}

@test "error: nothing to create" {
    fails_with "$(usage_error "bad usage")" ipcmk
    fails_with "$(usage_error "bad usage")" ipcmk -p 600
}

@test "error: POSIX without a name" {
    fails_with "$(usage_error "name is required for POSIX IPC")" ipcmk -m 10
    fails_with "$(usage_error "name is required for POSIX IPC")" ipcmk -q
    fails_with "$(usage_error "name is required for POSIX IPC")" ipcmk -M 10 -s
}

@test "error: bad POSIX names" {
    fails_with "ipcmk: invalid POSIX IPC name: 'a/b': only one leading '/' is allowed" \
        ipcmk -m 10 -n a/b
    fails_with "ipcmk: invalid POSIX IPC name: '//a': only one leading '/' is allowed" \
        ipcmk -s -n //a
    fails_with "ipcmk: invalid POSIX IPC name: '/': the name is empty" \
        ipcmk -q -n /
    fails_with "ipcmk: invalid POSIX IPC name: '..': '.' and '..' are not names" \
        ipcmk -s -n ..
    long=$(printf 'x%.0s' $(seq 256))
    fails_with "ipcmk: name too long: '$long'" ipcmk -m 1 -n "$long"
    # "sem." takes four bytes of the file name
    long=$(printf 'x%.0s' $(seq 252))
    fails_with "ipcmk: name too long: '$long'" ipcmk -s -n "$long"
}

@test "error: every name is checked before the first object exists" {
    # the file sem.x of the shm directory is the semaphore /x
    local msg="ipcmk: invalid POSIX IPC name: 'sem.x': a shm name may not begin with \"sem.\""
    fails_with "$msg" ipcmk -M 1K -m 64 -n sem.x
    fails_with "${msg/sem.x/\/sem.x}" ipcmk -Q -S 1 -m 64 -n /sem.x
    # a queue or a semaphore may be called sem.x
    runs ipcmk -q -s -n /sem.x
    [ "$rc" = 0 ] && [ -e /dev/shm/sem.sem.x ] && [ -e /dev/mqueue/sem.x ]
}

@test "error: bad mode" {
    for m in abc 999 1000 2644 -1 8 ''; do
        fails_with "ipcmk: failed to parse mode: '$m' (an octal number from 0 to 0777)" \
            ipcmk -p "$m" -Q
    done
}

@test "error: bad size" {
    fails_with "ipcmk: failed to parse size: 'x': Invalid argument" ipcmk -M x
    fails_with "ipcmk: failed to parse size: '-1': Invalid argument" ipcmk -M -1
    fails_with "ipcmk: failed to parse size: '1.5': Invalid argument" ipcmk -m 1.5 -n /x
    fails_with "ipcmk: failed to parse size: '99999E': Numerical result out of range" ipcmk -M 99999E
}

@test "error: sizes and counts the kernel refuses, before anything exists" {
    fails_with "ipcmk: create shared memory failed: Invalid argument" ipcmk -Q -M 0
    fails_with "ipcmk: create semaphore failed: Invalid argument" ipcmk -M 10 -S 0
    fails_with "ipcmk: create semaphore failed: Invalid argument" ipcmk -S -1
    msl=$(awk '{ print $1 }' /proc/sys/kernel/sem)
    fails_with "ipcmk: --semaphore $((msl + 1)) exceeds kernel.sem SEMMSL ($msl)" \
        ipcmk -M 1 -S $((msl + 1))
    echo 4096 >/proc/sys/kernel/shmmax
    fails_with "ipcmk: --shmem 4097 exceeds kernel.shmmax (4096)" ipcmk -M 4097
}

@test "error: bad element count" {
    fails_with "ipcmk: failed to parse elements: 'x'" ipcmk -S x
    fails_with "ipcmk: failed to parse elements: '0x5'" ipcmk -S 0x5
    fails_with "ipcmk: failed to parse elements: '99999999999': Numerical result out of range" \
        ipcmk -S 99999999999
}

@test "error: bad --key" {
    fails_with "ipcmk: failed to parse key: 'k'" ipcmk -Q --key k
    fails_with "ipcmk: failed to parse key: '0x100000000': Numerical result out of range" \
        ipcmk -Q --key 0x100000000
    fails_with "$(usage_error "--key requires --shmem, --queue or --semaphore")" \
        ipcmk -m 1 -n /x --key 5
}

@test "error: stray arguments" {
    fails_with "$(usage_error "unknown argument: foo")" ipcmk -Q foo
    fails_with "$(usage_error "unknown argument: 10")" ipcmk -m 10 10 -n /x
}

@test "error: unknown option and missing argument" {
    runs ipcmk --bogus
    [ "$rc" = 1 ] && [ -z "$out" ]
    [[ "$err" = *"--bogus"* ]]
    [[ "$err" = *"Try 'ipcmk --help' for more information." ]]
    runs ipcmk -M
    [ "$rc" = 1 ]
    [[ "$err" = *"Try 'ipcmk --help' for more information." ]]
    [ "$(count_all)" = 0 ]
}

@test "as an unprivileged user: objects owned by that user" {
    out=$(as_nobody ipcmk -Q -m 1 -n /nob)
    [ "$(awk 'NR > 1 { print $8 }' /proc/sysvipc/msg)" = 65534 ]
    [ "$(stat -c %u /dev/shm/nob)" = 65534 ]
}

@test "as an unprivileged user: a POSIX semaphore gets its mode exactly, whatever the umask" {
    local u m n
    for u in 0400 0777 0022; do
        for m in 0 0200 0222 0044 0070 0600; do
            n=/ps$m.$u
            runs as_nobody sh -c "umask $u && exec ipcmk -s -n $n -p $m --value 2"
            [ "$rc" = 0 ] && [ -z "$err" ] || { echo "umask $u -p $m: $err"; return 1; }
            [ "$out" = "POSIX semaphore name: $n" ]
            [ "$(stat -c '%a %u %s' "/dev/shm/sem.${n#/}")" = "$(printf %o $((8#$m))) 65534 32" ] ||
                { echo "umask $u -p $m: $(stat -c '%a %u %s' "/dev/shm/sem.${n#/}")"; return 1; }
            [ "$(psem_value "$n")" = 2 ]
        done
    done
    # the mode lets the owner in: another process opens the semaphore
    runs as_nobody ipctool hold-psem /ps0600.0777 </dev/null
    [ "$rc" = 0 ] && [ "$out" = ready ]
    # and keeps out whom it should
    runs as_nobody ipctool hold-psem /ps0200.0777 </dev/null
    [ "$rc" != 0 ] && [[ "$err" = *"Permission denied"* ]]
}

@test "RLIMIT_MSGQUEUE used up: said so, not \"Too many open files\"" {
    fails_with "ipcmk: cannot create POSIX message queue '/q': the RLIMIT_MSGQUEUE of user root (0 bytes) is used up" \
        prlimit --msgqueue=0 ipcmk -q -n q
    # what was created before is removed again
    fails_with "ipcmk: cannot create POSIX message queue '/q': the RLIMIT_MSGQUEUE of user nobody (100 bytes) is used up" \
        as_nobody prlimit --msgqueue=100 ipcmk -Q -m 10 -q -n /q
}

@test "ipcbox ipcmk is the same applet" {
    out=$(ipcbox ipcmk -Q)
    [[ "$out" =~ ^Message\ queue\ id:\ [0-9]+$ ]]
}

@test "write error on stdout: exit 1 and the objects are created" {
    runs ipcmk -Q
    [ "$rc" = 0 ]
    if [ -w /dev/full ]; then
        rc=0
        ipcmk -Q >/dev/full 2>"$BATS_TEST_TMPDIR/err" || rc=$?
        [ "$rc" = 1 ]
        grep -q "write error" "$BATS_TEST_TMPDIR/err"
        [ "$(count_sysv msg)" = 2 ]
    fi
}
