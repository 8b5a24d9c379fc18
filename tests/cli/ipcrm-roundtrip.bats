#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# ipcmk -> lsipc -> ipcrm for all six kinds: what ipcmk says it made, lsipc
# shows, and ipcrm removes by what lsipc shows.

load helpers

setup() {
    reset_ipc
}

# lsipc OPTION --json -o COLS | jq FILTER
lsj() {
    local opt=$1 cols=$2 filter=$3
    lsipc "$opt" --json -o "$cols" | jq -r "$filter"
}

@test "round trip: System V segment by id and by key" {
    out=$(ipcmk --json --key 0x1001 -M 100 -p 600)
    id=$(jq '.[0].id' <<<"$out")
    [ "$(lsj -m ID,KEY,SIZE,PERMS ".sharedmemory[] | select(.id == $id) | [.key, .size, .perms] | join(\" \")")" = \
        "0x00001001 100 rw-------" ]
    [ "$(lsipc -m --noheadings -o KEY | tr -d ' ')" = 0x00001001 ]
    ipcrm -m "$(lsipc -m --noheadings -o ID | tr -d ' ')"
    [ -z "$(lsipc -m --noheadings -o ID)" ]

    ipcmk --key 0x1002 -M 10 >/dev/null
    ipcrm -M "$(lsipc -m --noheadings -o KEY | tr -d ' ')"
    [ -z "$(lsipc -m --noheadings -o ID)" ]
}

@test "round trip: System V message queue" {
    out=$(ipcmk -Q)
    id=${out##*: }
    [ "$(lsipc -q --noheadings -o ID | tr -d ' ')" = "$id" ]
    key=$(lsipc -q --noheadings -o KEY | tr -d ' ')
    [[ "$key" =~ ^0x[0-9a-f]{8}$ ]] && [ "$key" != 0x00000000 ]
    ipcrm -Q "$key"
    [ -z "$(lsipc -q --noheadings -o ID)" ]
}

@test "round trip: System V semaphore set with values" {
    out=$(ipcmk --json -S 3 --value 2)
    id=$(jq '.[0].id' <<<"$out")
    [ "$(lsj -s ID,NSEMS ".semaphores[] | select(.id == $id) | .nsems")" = 3 ]
    ipcrm -v -s "$id" | grep -qx "removing semaphore id \`$id'"
    [ -z "$(lsipc -s --noheadings -o ID)" ]
}

@test "round trip: POSIX shared memory" {
    ipcmk -m 4096 -n rt >/dev/null
    [ "$(lsj -M NAME,SIZE '.["posix-sharedmemory"][] | [.name, .size] | join(" ")')" = "/rt 4096" ]
    name=$(lsipc -M --noheadings -o NAME | tr -d ' ')
    ipcrm --posix-shmem "$name"
    [ -z "$(lsipc -M --noheadings -o NAME)" ]
}

@test "round trip: POSIX message queue with attributes" {
    ipcmk -q -n /rtq --maxmsg 5 --msgsize 128 >/dev/null
    [ "$(lsj -Q NAME,MAXMSG '.["posix-messages"][] | [.name, .maxmsg] | join(" ")')" = "/rtq 5" ]
    ipcrm --posix-mqueue "$(lsipc -Q --noheadings -o NAME | tr -d ' ')"
    [ -z "$(lsipc -Q --noheadings -o NAME)" ]
}

@test "round trip: POSIX semaphore with a value" {
    ipcmk -s -n /rts --value 9 >/dev/null
    [ "$(lsj -S NAME,SVAL '.["posix-semaphores"][] | [.name, .sval] | join(" ")')" = "/rts 9" ]
    ipcrm --posix-semaphore "$(lsipc -S --noheadings -o NAME | tr -d ' ')"
    [ -z "$(lsipc -S --noheadings -o NAME)" ]
}

@test "round trip: all six, then ipcrm -a" {
    ipcmk -M 1 -m 1 -Q -q -S 1 -s -n /six >/dev/null
    for o in -m -q -s -M -Q -S; do
        [ -n "$(lsipc "$o" --noheadings)" ] || { echo "lsipc $o empty"; return 1; }
    done
    ipcrm -a
    for o in -m -q -s -M -Q -S; do
        [ -z "$(lsipc "$o" --noheadings)" ] || { echo "lsipc $o not empty"; return 1; }
    done
}

@test "round trip: --dry-run lists exactly what lsipc shows" {
    ipcmk -M 1 -Q -S 1 >/dev/null
    ipcmk -m 1 -q -s -n /dry >/dev/null
    ipcmk -m 1 -n /dry2 >/dev/null
    [ "$(ipcrm -a --dry-run | wc -l)" = 7 ]
    # every System V id and POSIX name lsipc shows is in the plan
    plan=$(ipcrm -a --dry-run)
    for id in $(lsipc -m --noheadings -o ID); do
        grep -q "shared memory segment id \`$id'" <<<"$plan"
    done
    for n in $(lsipc -M --noheadings -o NAME); do
        grep -q "POSIX shared memory \`$n'" <<<"$plan"
    done
    [ "$(lsipc -M --noheadings | wc -l)" = 2 ]
}
