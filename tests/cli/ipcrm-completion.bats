#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion of ipcrm and ipcmk: ids, keys and names come from lsipc.

load helpers

setup() {
    reset_ipc
    source "$IPCBOX_SRC/completions/ipcrm"
    source "$IPCBOX_SRC/completions/ipcmk"
}

# complete FUNCTION WORD...: the completions for the last word, sorted, one line
complete_words() {
    local fn=$1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMPREPLY=()
    "$fn"
    printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

@test "ipcrm completes ids and keys of each System V kind" {
    shm=$(ipctool shm 0x11 64 0600)
    msg=$(ipctool msg 0x22 0600)
    sem=$(ipctool sem 0x33 1 0600)
    ipctool shm 0x44 64 0600 >/dev/null
    [ "$(complete_words _ipcrm_module ipcrm -m '')" = "$(lsipc -m --noheadings -o ID | tr -d ' ' | sort | tr '\n' ' ' | sed 's/ $//')" ]
    [ "$(complete_words _ipcrm_module ipcrm --shmem-key 0x0000001)" = 0x00000011 ]
    [ "$(complete_words _ipcrm_module ipcrm -q '')" = "$msg" ]
    [ "$(complete_words _ipcrm_module ipcrm -Q '')" = 0x00000022 ]
    [ "$(complete_words _ipcrm_module ipcrm --semaphore-id '')" = "$sem" ]
    [ "$(complete_words _ipcrm_module ipcrm -S '')" = 0x00000033 ]
    [ "$(complete_words _ipcrm_module ipcrm msg '')" = "$msg" ]
    [ "$(complete_words _ipcrm_module ipcrm shm "$shm" '')" = "$(lsipc -m --noheadings -o ID | tr -d ' ' | sort | tr '\n' ' ' | sed 's/ $//')" ]
}

@test "ipcrm completes POSIX names per kind" {
    ipctool pshm /seg 1 0600
    ipctool pmq /queue 0600
    ipctool psem /lock 0600 0
    [ "$(complete_words _ipcrm_module ipcrm --posix-shmem '')" = /seg ]
    [ "$(complete_words _ipcrm_module ipcrm --posix-mqueue '')" = /queue ]
    [ "$(complete_words _ipcrm_module ipcrm --posix-semaphore '')" = /lock ]
    [ "$(complete_words _ipcrm_module ipcrm -a --name /q)" = /queue ]
}

@test "ipcrm completes --all= types as a comma list" {
    [ "$(complete_words _ipcrm_module ipcrm --all = '')" = "msg pmsg psem pshm sem shm" ]
    [ "$(complete_words _ipcrm_module ipcrm --all = p)" = "pmsg psem pshm" ]
    [ "$(complete_words _ipcrm_module ipcrm --all=ps)" = "psem pshm" ]
    [ "$(complete_words _ipcrm_module ipcrm --all = shm,ps)" = "shm,psem shm,pshm" ]
}

@test "ipcrm completes users, options and the old syntax" {
    [ "$(complete_words _ipcrm_module ipcrm -a --owner roo)" = root ]
    [ "$(complete_words _ipcrm_module ipcrm -a --creator nobod)" = nobody ]
    [ "$(complete_words _ipcrm_module ipcrm s)" = "sem shm" ]
    words=$(complete_words _ipcrm_module ipcrm --)
    for o in --shmem-id --shmem-key --posix-shmem --queue-id --queue-key --posix-mqueue \
        --semaphore-id --semaphore-key --posix-semaphore --all --verbose --owner --creator \
        --name --older-than --unused --dry-run --help --version; do
        [[ " $words " = *" $o "* ]] || { echo "missing $o"; return 1; }
    done
    # every long option of --help is offered
    for o in $(ipcrm --help | grep -o -- '--[a-z-]*' | sort -u); do
        [[ " $words " = *" $o "* ]] || { echo "help has $o, completion not"; return 1; }
    done
}

@test "ipcmk completes every option of --help" {
    words=$(complete_words _ipcmk_module ipcmk --)
    for o in $(ipcmk --help | grep -o -- '--[a-z-]*' | sort -u); do
        [[ " $words " = *" $o "* ]] || { echo "help has $o, completion not"; return 1; }
    done
    [ "$(complete_words _ipcmk_module ipcmk --maxmsg '')" = "$(cat /proc/sys/fs/mqueue/msg_max)" ]
    [ "$(complete_words _ipcmk_module ipcmk -p 066)" = "0660 0664 0666" ]
}
