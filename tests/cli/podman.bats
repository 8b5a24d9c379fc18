#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# One real container: Debian's podman (with runc and the cgroupfs manager,
# which work on this project's machines; crun refuses hybrid cgroup trees)
# runs a container from a local root directory of our own (the host's /usr
# bind-mounted read-only, no image, no network). Objects of all six kinds
# are made inside it with podman exec; lsipc --ns and --namespaces on the
# host must show what lsipc shows inside, and name the container.
#
# Skipped, with the reason, only when podman or runc is not installed or
# cannot start a container here. Everything podman keeps (its storage, the
# container, its cgroups under a parent of this test's own) is removed in
# teardown.

load helpers

setup_file() {
    # podman wants a short runroot (at most 50 characters)
    PT=$(mktemp -d /tmp/ipcbox-podman.XXXXXX)
    export PT
    export CGPARENT="ipcbox-test-$$"
}

podman_() {
    podman --runtime "$(command -v runc)" --cgroup-manager cgroupfs \
        --root "$PT/storage" --runroot "$PT/run" "$@"
}

# a root directory: the host's /usr (merged /usr: bin, lib and sbin are links)
make_rootfs() {
    local r=$PT/rootfs
    mkdir -p "$r"/usr "$r"/dev "$r"/proc "$r"/sys "$r"/tmp "$r"/etc "$r"/ipcbox
    ln -s usr/bin "$r/bin"
    ln -s usr/sbin "$r/sbin"
    ln -s usr/lib "$r/lib"
    [ ! -d /usr/lib64 ] || ln -s usr/lib64 "$r/lib64"
    echo 'root:x:0:0:root:/:/bin/sh' >"$r/etc/passwd"
    echo 'root:x:0:' >"$r/etc/group"
}

setup() {
    reset_ipc
    command -v podman >/dev/null || skip "podman is not installed"
    command -v runc >/dev/null || skip "runc is not installed"
    make_rootfs
    if ! podman_ run -d --name ipcbox-t --cgroup-parent "/$CGPARENT" \
            --ulimit nofile=1024:1024 --ulimit nproc=4096:4096 --network none \
            -v /usr:/usr:ro -v "$IPCBOX_BIN:/ipcbox:ro" \
            --rootfs "$PT/rootfs" /usr/bin/sleep 300 >"$PT/run.out" 2>&1; then
        cat "$PT/run.out" >&3
        skip "podman cannot start a container here: $(tail -1 "$PT/run.out")"
    fi
    CID=$(podman_ inspect -f '{{.Id}}' ipcbox-t)
    CPID=$(podman_ inspect -f '{{.State.Pid}}' ipcbox-t)
    [ -n "$CID" ] && [ "$CPID" -gt 0 ]
}

teardown() {
    local d
    podman_ rm -f -t 0 ipcbox-t >/dev/null 2>&1 || true
    # the cgroups podman made under our parent, deepest first; conmon may
    # still be leaving its own, so try again for a few seconds
    local i left
    for i in $(seq 100); do
        left=
        for d in /sys/fs/cgroup/*/"$CGPARENT" /sys/fs/cgroup/"$CGPARENT"; do
            [ -d "$d" ] || continue
            find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
            [ ! -d "$d" ] || left=1
        done
        [ -n "$left" ] || break
        sleep 0.05
    done
    podman_ system reset -f >/dev/null 2>&1 || true
    rm -rf "$PT/rootfs"
    reset_ipc
}

teardown_file() {
    rm -rf "$PT"
}

inside() {
    podman_ exec ipcbox-t /ipcbox/ipcbox "$@"
}

@test "a podman container: --ns shows what lsipc shows inside, --namespaces names it" {
    inside ipcmk -M 8192 --key 0x5101
    inside ipcmk -Q --key 0x5102
    inside ipcmk -S 3 --key 0x5103
    inside ipcmk -m 4096 -n /in-podman
    inside ipcmk -q -n /in-podman
    inside ipcmk -s -n /in-podman
    # none of it is ours
    [ -z "$(lsipc -m --noheadings -o KEY)" ]
    # (podman keeps its own lock file, libpod_lock, in our /dev/shm)
    ! lsipc -M --noheadings -o NAME | grep -qx /in-podman

    local k cols
    for k in -m -q -s -M -Q -S; do
        case $k in
        -m) cols=KEY,ID,PERMS,OWNER,SIZE,NATTCH ;;
        -q) cols=KEY,ID,PERMS,OWNER,USEDBYTES,MSGS ;;
        -s) cols=KEY,ID,PERMS,OWNER,NSEMS ;;
        -M) cols=NAME,PERMS,OWNER,SIZE ;;
        -Q) cols=NAME,PERMS,OWNER,MSGS ;;
        -S) cols=NAME,PERMS,OWNER,SVAL ;;
        esac
        inside lsipc "$k" -o "$cols" >"$PT/in"
        lsipc --ns "$CPID" "$k" -o "$cols" >"$PT/out" 2>/dev/null
        diff -u "$PT/in" "$PT/out"
        [ "$(wc -l <"$PT/out")" -eq 2 ]
    done
    # -g: the container's limits and usage
    inside lsipc -g -o RESOURCE,LIMIT,USED >"$PT/in"
    lsipc --ns "$CPID" -g -o RESOURCE,LIMIT,USED >"$PT/out" 2>/dev/null
    diff -u "$PT/in" "$PT/out"

    # one row of --namespaces is the container's, named after it
    local ns
    ns=$(stat -L -c %i "/proc/$CPID/ns/ipc")
    run --separate-stderr lsipc --namespaces -r --noheadings -o NS,CONTAINER,SHM,MSG,SEM,PSHM,PMSG,PSEM
    echo "$output"
    grep -qx "$ns podman:${CID:0:12} 1 1 1 1 1 1" <<<"$output"
    # and --all-namespaces finds its segment there
    run --separate-stderr lsipc -m --all-namespaces -r --noheadings -o NS,CONTAINER,KEY
    echo "$output"
    grep -qx "$ns podman:${CID:0:12} 0x00005101" <<<"$output"
}
