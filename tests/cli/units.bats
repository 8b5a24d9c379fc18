#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The systemd units of the metrics: systemd-analyze verify finds nothing
# wrong with them, they are hardened as promised, and the command the
# service runs writes the textfile it names.

load helpers

bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
    SERVICE=$IPCBOX_BUILD/ipcbox-metrics.service
    TIMER=$IPCBOX_SRC/systemd/ipcbox-metrics.timer
    [ -f "$SERVICE" ] || { echo "no $SERVICE: meson setup makes it"; return 1; }
    U=$BATS_TEST_TMPDIR/units
    mkdir -p "$U"
}

# the service as installed, but running this build's ipcbox (verify checks
# that the command exists) and writing into DIR
service_for() {
    sed -e "s|^ExecStart=[^ ]*/ipcbox |ExecStart=$IPCBOX_BIN/ipcbox |" \
        -e "s|/var/lib/prometheus/node-exporter|$1|g" "$SERVICE" >"$U/ipcbox-metrics.service"
    cp "$TIMER" "$U/ipcbox-metrics.timer"
}

@test "units: systemd-analyze verify accepts the service and the timer, with nothing to say" {
    command -v systemd-analyze >/dev/null ||
        skip "systemd-analyze is not installed (Debian package systemd)"
    service_for /var/lib/prometheus/node-exporter
    run systemd-analyze verify --man=no "$U/ipcbox-metrics.service" "$U/ipcbox-metrics.timer"
    [ "$status" = 0 ] || { echo "$output"; return 1; }
    [ -z "$output" ] || { echo "systemd-analyze: $output"; return 1; }
}

@test "units: the service is a hardened oneshot that may write only the textfile directory" {
    local s=$SERVICE k
    grep -qx 'Type=oneshot' "$s"
    grep -qx 'ExecStart=.*/ipcbox lsipc --metrics --metrics-file /var/lib/prometheus/node-exporter/ipcbox.prom' "$s"
    for k in 'ProtectSystem=strict' 'ReadWritePaths=/var/lib/prometheus/node-exporter' \
             'NoNewPrivileges=yes' 'PrivateTmp=yes' 'PrivateNetwork=yes' 'ProtectHome=yes' \
             'RestrictNamespaces=yes' 'MemoryDenyWriteExecute=yes' 'SystemCallFilter=@system-service'; do
        grep -qx "$k" "$s" || { echo "missing $k"; return 1; }
    done
    [ "$(grep -c '^ReadWritePaths=' "$s")" = 1 ]
    grep -qx 'OnUnitActiveSec=30s' "$TIMER"
    grep -qx 'WantedBy=timers.target' "$TIMER"
    # installed disabled: nothing in the service pulls it in by itself
    ! grep -q '^\[Install\]' "$s"
}

@test "units: the service's command writes the textfile, mode 0644" {
    local d=$BATS_TEST_TMPDIR/textfile cmd
    mkdir "$d"
    ipctool shm 0xa01 4096 0600 >/dev/null
    service_for "$d"
    cmd=$(sed -n 's/^ExecStart=//p' "$U/ipcbox-metrics.service")
    # shellcheck disable=SC2086
    $cmd
    [ "$(stat -c %a "$d/ipcbox.prom")" = 644 ]
    grep -qx 'ipcbox_objects{kind="shm"} 1' "$d/ipcbox.prom"
}
