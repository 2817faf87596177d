#!/usr/bin/env bash
# How fast the record store's backlog goes out to a real VictoriaMetrics after an outage (issue 21): a day of one
# device at the 30 s default, 2,880 records, waiting in the store, then the logger started with the server there.
#
#   bench/catch-up.sh                      # 2,880 records (a day at 30 s)
#   CATCHUP_RECORDS=86400 bench/catch-up.sh # a day at 1 s
#
# What an outage leaves is made directly: the logger runs once (store on, no InfluxDB) so the store exists with a
# real record of the built-in simulated BMV-702; then sqlite3 adds CATCHUP_RECORDS copies of that record's fields,
# evenly over the day before (30 s apart for 2,880), and puts InfluxDB's delivered position just before them, as a
# server that went away a day ago leaves it. The logger then starts with influx.url on a VictoriaMetrics this script starts on a free
# port (its data in the scratch folder), with the JVM flags of dist/vedirect-logger.service's ExecStart (without its
# AppCDS archive). /status is read every 20 ms: the clock starts when it first shows InfluxDB's forwarder and stops
# when its backlog is 0; rate = records sent / that time. The points are then counted in VictoriaMetrics.
# Needs the jar (mvn -B -o package -DskipTests), victoria-metrics, sqlite3, curl, jq and python3 on the PATH.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
ROOT=$PWD
JAVA=${JAVA:-java}
JAR=$ROOT/target/vedirect-logger.jar
RECORDS=${CATCHUP_RECORDS:-2880}

die() { printf 'bench/catch-up.sh: %s\n' "$*" >&2; exit 1; }
log() { printf '>> %s\n' "$*" >&2; }
[[ -f $JAR ]] || die "no $JAR: build it first (mvn -B -o package -DskipTests)"
[[ $RECORDS =~ ^[1-9][0-9]*$ ]] || die "CATCHUP_RECORDS must be a whole number"
for tool in victoria-metrics sqlite3 curl jq python3; do
    command -v "$tool" >/dev/null || die "$tool is not on the PATH"
done

exec_start=$(sed -n 's/^ExecStart=//p' dist/vedirect-logger.service)
flags=${exec_start%% -jar *}
read -r -a FLAGS <<<"${flags#* }"
for i in "${!FLAGS[@]}"; do [[ ${FLAGS[$i]} != -XX:SharedArchiveFile=* ]] || unset 'FLAGS[i]'; done
FLAGS=("${FLAGS[@]}")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vedirect-catch-up.XXXXXX")
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ ${CATCHUP_KEEP:-0} == 1 ]]; then echo "scratch folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

now() { python3 -c 'import time; print(time.time())'; }
DB=$WORK/logger/store/records.db
mkdir -p "$WORK/logger"
cp -r "$ROOT/routes" "$WORK/logger/routes"
logger() {
    (cd "$WORK/logger" && exec "$JAVA" "${FLAGS[@]}" -Dvedirect.port=simulator:bmv702 -Dlog.file= -Dstatus.port=0 "$@" \
        -jar "$JAR") >>"$WORK/logger/console.log" 2>&1 &
    PIDS+=("$!")
    LOGGER=$!
}

log "a store with a real record"
logger -Dvedirect.interval=1
for ((i = 0; i < 600; i++)); do
    [[ -f $DB ]] && (($(sqlite3 "$DB" 'SELECT count(*) FROM records' 2>/dev/null || echo 0) >= 1)) && break
    kill -0 "$LOGGER" 2>/dev/null || { tail -n 20 "$WORK/logger/console.log" >&2; die "the logger exited"; }
    sleep 0.1
done
kill -TERM "$LOGGER"; wait "$LOGGER" || true

log "$RECORDS records of the day before, InfluxDB's position before them"
sqlite3 "$DB" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $RECORDS),
     last AS (SELECT position, device, fields FROM records ORDER BY position DESC LIMIT 1)
INSERT INTO records(position, device, time, fields)
SELECT last.position + n.i, last.device, (CAST(strftime('%s', 'now') AS INTEGER) - 86400) * 1000 + (n.i - 1) * (86400000 / $RECORDS) + 250,
       last.fields FROM n, last;
INSERT INTO deliveries(destination, device, position)
SELECT 'influxdb', d.name, (SELECT max(position) FROM records) - $RECORDS FROM devices d WHERE true
ON CONFLICT(destination, device) DO UPDATE SET position = excluded.position;
SQL

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
VM=http://127.0.0.1:$PORT
victoria-metrics -httpListenAddr=127.0.0.1:$PORT -storageDataPath="$WORK/vm" -search.latencyOffset=0s \
    -retentionPeriod=100y >"$WORK/vm.log" 2>&1 &
PIDS+=("$!")
for ((i = 0; i < 300; i++)); do curl -fs "$VM/health" >/dev/null && break; sleep 0.1; done
curl -fs "$VM/health" >/dev/null || die "VictoriaMetrics did not start: $(tail -n 5 "$WORK/vm.log")"

log "the logger with InfluxDB at $VM"
: >"$WORK/logger/console.log"
logger -Dvedirect.interval=30 -Dinflux.url="$VM" -Dinflux.database=vedirect
status_port=
for ((i = 0; i < 600; i++)); do
    status_port=$(sed -n 's#.*Status on http://127.0.0.1:\([0-9]*\)/health.*#\1#p' "$WORK/logger/console.log" | head -n 1)
    [[ -n $status_port ]] && break
    sleep 0.1
done
[[ -n $status_port ]] || die "no status port in the log: $(tail -n 5 "$WORK/logger/console.log")"
t0= t1= sent=
for ((i = 0; i < 30000; i++)); do
    state=$(curl -fs "http://127.0.0.1:$status_port/status" | jq -c '.store.destinations.influxdb // empty' || true)
    if [[ -n $state ]]; then
        [[ -n $t0 ]] || t0=$(now)
        if [[ $(jq -r .backlogRecords <<<"$state") == 0 ]]; then
            t1=$(now)
            sent=$(jq -r .sent <<<"$state")
            break
        fi
    fi
    kill -0 "$LOGGER" 2>/dev/null || { tail -n 20 "$WORK/logger/console.log" >&2; die "the logger exited"; }
    sleep 0.02
done
[[ -n $t1 ]] || die "the backlog did not go out: $(tail -n 5 "$WORK/logger/console.log")"

points=0
for ((i = 0; i < 300; i++)); do
    points=$(curl -fs "$VM/api/v1/export?match[]=vedirect_V" | jq -s '[.[].values | length] | add // 0')
    ((points >= RECORDS)) && break
    sleep 0.1
done
((points >= RECORDS)) || die "VictoriaMetrics holds $points points of $RECORDS"

python3 - "$RECORDS" "$sent" "$t0" "$t1" "$points" <<'PY'
import sys
records, sent, t0, t1, points = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
seconds = t1 - t0
print(f"catch-up after an outage: {sent} records sent in {seconds:.2f} s = {sent / seconds:.0f} records/s "
      f"(backlog {records}, batches of 500 records, one POST each); VictoriaMetrics holds {points} points of vedirect_V")
PY
