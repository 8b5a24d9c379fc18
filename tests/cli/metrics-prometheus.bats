#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# lsipc --metrics through the real pipeline: a prometheus-node-exporter with
# only its textfile collector serves the file lsipc writes, and a real
# Prometheus server scraping it answers a PromQL query with the value lsipc
# shows. Both bind to 127.0.0.1 on free ports, run under timeout(1), and
# are killed in teardown, also when a test fails.

load helpers

bats_require_minimum_version 1.5.0

setup() {
    reset_ipc
    command -v prometheus-node-exporter >/dev/null ||
        skip "prometheus-node-exporter is not installed (Debian package, listed in .ci/packages)"
    command -v prometheus >/dev/null ||
        skip "prometheus is not installed (Debian package, listed in .ci/packages)"
    command -v curl >/dev/null || skip "curl is not installed"
    SERVERS=()
    D=$BATS_TEST_TMPDIR/p
    mkdir -p "$D/textfile" "$D/tsdb"
}

teardown() {
    local p
    for p in "${SERVERS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    for p in "${SERVERS[@]}"; do
        wait "$p" 2>/dev/null || true
    done
}

# a TCP port on 127.0.0.1 that nothing listens on now
free_port() {
    /usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# get URL: the body, with a short timeout of its own
get() {
    curl -sf --max-time 2 "$1"
}

start_node_exporter() {
    NE_PORT=$(free_port)
    timeout 120 prometheus-node-exporter --web.listen-address="127.0.0.1:$NE_PORT" \
        --collector.disable-defaults --collector.textfile \
        --collector.textfile.directory="$D/textfile" >"$D/ne.log" 2>&1 &
    SERVERS+=($!)
    wait_until get "http://127.0.0.1:$NE_PORT/metrics" >/dev/null ||
        { cat "$D/ne.log"; return 1; }
}

start_prometheus() {
    PROM_PORT=$(free_port)
    cat >"$D/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$NE_PORT']
EOF
    timeout 120 prometheus --config.file="$D/prometheus.yml" --storage.tsdb.path="$D/tsdb" \
        --web.listen-address="127.0.0.1:$PROM_PORT" >"$D/prom.log" 2>&1 &
    SERVERS+=($!)
    wait_until get "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null ||
        { tail -20 "$D/prom.log"; return 1; }
}

# query EXPR: the value of the one series EXPR gives, once it has one (30 s)
query() {
    local i v
    for i in $(seq 60); do
        v=$(curl -sf --max-time 2 -G "http://127.0.0.1:$PROM_PORT/api/v1/query" \
                --data-urlencode "query=$1" |
            jq -r 'if .status == "success" and (.data.result | length) == 1
                   then .data.result[0].value[1] else empty end') && [ -n "$v" ] &&
            { echo "$v"; return 0; }
        sleep 0.5
    done
    echo "no answer to $1" >&2
    tail -5 "$D/prom.log" >&2
    return 1
}

@test "prometheus: node_exporter's textfile collector serves lsipc's file, without errors" {
    ipctool shm 0x801 4096 0600 >/dev/null
    ipctool shm 0x802 8192 0600 >/dev/null
    ipctool pshm /a 100 0600
    lsipc --metrics --metrics-objects --metrics-file "$D/textfile/ipcbox.prom"
    start_node_exporter
    get "http://127.0.0.1:$NE_PORT/metrics" >"$D/served"
    # node_exporter read the file and found nothing wrong with it
    grep -qx 'node_textfile_scrape_error 0' "$D/served" || { grep textfile "$D/served"; cat "$D/ne.log"; return 1; }
    grep -q '^node_textfile_mtime_seconds{file=".*ipcbox.prom"}' "$D/served"
    # every family of the file, with its samples
    grep -qx 'ipcbox_objects{kind="shm"} 2' "$D/served"
    grep -qx 'ipcbox_bytes{kind="shm"} 12288' "$D/served"
    grep -qx 'ipcbox_objects{kind="pshm"} 1' "$D/served"
    grep -q '^ipcbox_object_bytes{.*name="/a".*} 100$' "$D/served"
    for f in $(grep '^# TYPE ipcbox_' "$D/textfile/ipcbox.prom" | cut -d' ' -f3); do
        grep -q "^# TYPE $f gauge" "$D/served" || { echo "node_exporter does not serve $f"; return 1; }
    done
}

@test "prometheus: a Prometheus server scraping node_exporter answers PromQL with lsipc's values" {
    local i shm
    for i in $(seq 1 5); do ipctool shm $((0x900 + i)) 4096 0600 >/dev/null; done
    ipctool pshm /leak 3000 0600
    lsipc --metrics --metrics-file "$D/textfile/ipcbox.prom"
    start_node_exporter
    start_prometheus
    shm=$(lsipc -m --noheadings -o ID | wc -l)
    [ "$shm" = 5 ]
    [ "$(query 'ipcbox_objects{kind="shm"}')" = "$shm" ]
    [ "$(query 'sum(ipcbox_unused_bytes)')" = $((5 * 4096 + 3000)) ]
    [ "$(query 'ipcbox_scrape_success{part="processes"}')" = 1 ]
    # a new file: the server sees the new value on a later scrape
    ipctool shm 0x9ff 4096 0600 >/dev/null
    lsipc --metrics --metrics-file "$D/textfile/ipcbox.prom"
    for i in $(seq 60); do
        [ "$(query 'ipcbox_objects{kind="shm"}')" = 6 ] && break
        sleep 0.5
    done
    [ "$(query 'ipcbox_objects{kind="shm"}')" = 6 ]
}
