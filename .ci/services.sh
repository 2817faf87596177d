#!/usr/bin/env bash
# Real servers for the destination tests (issue 12): Debian's Mosquitto on 127.0.0.1:18830 (anonymous) and
# VictoriaMetrics on 127.0.0.1:18428 (InfluxDB line protocol in, Prometheus queries out). Installs the Debian
# packages when missing, never enables them as system services, starts each server only if nothing answers on its
# port yet (so running it twice is harmless), waits until both answer and prints their versions.
#   .ci/services.sh          start (or find running) and report
#   .ci/services.sh stop     stop the servers this script started (by the pids it wrote)
# The tests read the endpoints from -Dmqtt.test.url=tcp://127.0.0.1:18830 and -Dinflux.test.url=http://127.0.0.1:18428.
set -euo pipefail

MQTT_PORT=18830
VM_PORT=18428
HOST=127.0.0.1
STATE="${TMPDIR:-/tmp}/vedirect-ci-services"

listening() { # port: true when something accepts TCP connections on it
    (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null
}

stop_one() { # name
    local pidfile="$STATE/$1.pid"
    if [[ -f "$pidfile" ]]; then
        local pid
        pid=$(cat "$pidfile")
        if kill "$pid" 2>/dev/null; then
            echo "stopped $1 (pid $pid)"
        fi
        rm -f "$pidfile"
    fi
}

if [[ "${1:-}" == stop ]]; then
    stop_one mosquitto
    stop_one victoria-metrics
    exit 0
fi

# Install what is missing. apt-get would also start mosquitto as a system service where systemd runs (on port
# 1883, not ours); CI containers have no systemd, so nothing starts there.
missing=()
command -v mosquitto >/dev/null 2>&1 || [[ -x /usr/sbin/mosquitto ]] || missing+=(mosquitto)
command -v mosquitto_sub >/dev/null 2>&1 || missing+=(mosquitto-clients)
command -v victoria-metrics >/dev/null 2>&1 || missing+=(victoria-metrics)
if ((${#missing[@]})); then
    sudo=()
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    echo "installing ${missing[*]}"
    "${sudo[@]}" apt-get update -q
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)

mkdir -p "$STATE"

if listening "$MQTT_PORT"; then
    echo "mosquitto: something already answers on $HOST:$MQTT_PORT, left as it is"
else
    cat >"$STATE/mosquitto.conf" <<EOF
listener $MQTT_PORT $HOST
allow_anonymous true
persistence false
log_dest stderr
EOF
    # Not -d: the pid of the process we start is the one to stop later.
    nohup "$MOSQUITTO" -c "$STATE/mosquitto.conf" >"$STATE/mosquitto.log" 2>&1 &
    echo $! >"$STATE/mosquitto.pid"
fi

if listening "$VM_PORT"; then
    echo "victoria-metrics: something already answers on $HOST:$VM_PORT, left as it is"
else
    # Fresh storage per start: tests compare what they wrote with what they read back.
    rm -rf "$STATE/vm-data"
    nohup victoria-metrics -httpListenAddr="$HOST:$VM_PORT" -storageDataPath="$STATE/vm-data" \
        -retentionPeriod=1 >"$STATE/victoria-metrics.log" 2>&1 &
    echo $! >"$STATE/victoria-metrics.pid"
fi

for _ in $(seq 1 100); do
    if listening "$MQTT_PORT" && curl -fsS "http://$HOST:$VM_PORT/health" >/dev/null 2>&1; then
        break
    fi
    sleep 0.2
done

mqtt_version=$(mosquitto_sub -h "$HOST" -p "$MQTT_PORT" -t '$SYS/broker/version' -C 1 -W 5 2>/dev/null) || {
    echo "mosquitto does not answer on $HOST:$MQTT_PORT; its log:" >&2
    cat "$STATE/mosquitto.log" >&2 2>/dev/null || true
    exit 1
}
curl -fsS "http://$HOST:$VM_PORT/health" >/dev/null || {
    echo "victoria-metrics does not answer on $HOST:$VM_PORT; its log:" >&2
    tail -n 20 "$STATE/victoria-metrics.log" >&2 2>/dev/null || true
    exit 1
}
vm_version=$(curl -fsS "http://$HOST:$VM_PORT/metrics" | sed -n 's/^vm_app_version{.*short_version="\([^"]*\)".*/\1/p' | head -n 1)
[[ -n "$vm_version" ]] || vm_version="package $(dpkg-query -W -f='${Version}' victoria-metrics 2>/dev/null || echo unknown)"
echo "mqtt: tcp://$HOST:$MQTT_PORT ($mqtt_version)"
echo "influx: http://$HOST:$VM_PORT (victoria-metrics $vm_version)"
