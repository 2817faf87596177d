#!/usr/bin/env bash
# What the record store costs (issue 21): bytes written to storage per day per device, store on and off, at the
# 30 s default interval and at 1 s, the idle RSS with the store on, and the CPU each run takes.
#
#   bench/store.sh                          # the five runs side by side, STORE_SECONDS (600) each; about 11 minutes
#   STORE_SECONDS=1800 bench/store.sh       # longer runs, steadier figures at 30 s
#
# Each run starts target/vedirect-logger.jar in a fresh folder (a copy of routes/, the built-in simulated BMV-702,
# the CSV on, log.file empty so the log file's own writes are left out) with the JVM flags of
# dist/vedirect-logger.service's ExecStart, without its AppCDS archive (the same for every run), and store.folder
# at its default (on) or empty (off); at 30 s also with store.commit-seconds=180 (six records a commit). The five
# run at the same time on the same disk.
#
# Bytes written: write_bytes of /proc/PID/io, the bytes the process caused to be sent to storage (the kernel
# counts a page each time it is dirtied after being clean: an append that lands in a page already waiting to be
# written costs nothing more). The count starts once the first CSV line is there (start-up's own writes left out)
# and ends after STORE_SECONDS; per day = bytes / seconds x 86,400: a short run extrapolated linearly, fair as the
# logger does the same each interval (the store's hourly age check and its checkpoints every 1,000 pages are in
# a long run, rarely in a short one: a checkpoint rewrites at most the pages changed since the last one).
# Idle RSS: VmRSS of the store-on run at 30 s, STORE_RSS_AFTER (30) seconds after start, as bench/startup.sh does.
# CPU: the process's user + system time (/proc/PID/stat) over the same span as the bytes, as % of one core.
# Needs the jar (mvn -B -o package -DskipTests), Linux /proc, and a real disk for TMPDIR (tmpfs counts no writes).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
ROOT=$PWD
JAVA=${JAVA:-java}
JAR=$ROOT/target/vedirect-logger.jar
SECONDS_RUN=${STORE_SECONDS:-600}
RSS_AFTER=${STORE_RSS_AFTER:-30}

die() { printf 'bench/store.sh: %s\n' "$*" >&2; exit 1; }
log() { printf '>> %s\n' "$*" >&2; }
[[ -f $JAR ]] || die "no $JAR: build it first (mvn -B -o package -DskipTests)"
[[ $SECONDS_RUN =~ ^[1-9][0-9]*$ ]] || die "STORE_SECONDS must be a whole number of seconds"
[[ -r /proc/self/io ]] || die "/proc/PID/io is not readable here"

exec_start=$(sed -n 's/^ExecStart=//p' dist/vedirect-logger.service)
flags=${exec_start%% -jar *}
read -r -a FLAGS <<<"${flags#* }"
for i in "${!FLAGS[@]}"; do [[ ${FLAGS[$i]} != -XX:SharedArchiveFile=* ]] || unset 'FLAGS[i]'; done
FLAGS=("${FLAGS[@]}")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vedirect-store.XXXXXX")
[[ $(stat -f -c %T "$WORK") != tmpfs ]] || die "$WORK is on tmpfs, which counts no writes: set TMPDIR to a folder on a disk"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ ${STORE_KEEP:-0} == 1 ]]; then echo "scratch folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

written() { awk '$1 == "write_bytes:" {print $2}' "/proc/$1/io"; }
kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
# utime + stime in clock ticks; the fields after the command name, which is in parentheses and may hold spaces.
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
TICKS=$(getconf CLK_TCK)

# interval, store, store.commit-seconds
RUNS=("30 on 1" "30 on 180" "30 off -" "1 on 1" "1 off -")
declare -A PID_OF START_BYTES START_TIME START_TICKS
log "flags: ${FLAGS[*]}; load average $(cut -d' ' -f1-3 /proc/loadavg); $SECONDS_RUN s per run"
for run in "${RUNS[@]}"; do
    read -r interval store commit <<<"$run"
    dir=$WORK/interval-$interval-store-$store-$commit
    mkdir -p "$dir"
    cp -r "$ROOT/routes" "$dir/routes"
    folder=store
    [[ $store == on ]] || folder=
    [[ $commit != - ]] || commit=1
    (cd "$dir" && exec "$JAVA" "${FLAGS[@]}" -Dvedirect.interval="$interval" -Dstore.folder="$folder" \
        -Dstore.commit-seconds="$commit" -Dlog.file= \
        -jar "$JAR") >"$dir/console.log" 2>&1 &
    PID_OF[$run]=$!
    PIDS+=("$!")
done
T0=$EPOCHREALTIME
for run in "${RUNS[@]}"; do
    read -r interval store commit <<<"$run"
    dir=$WORK/interval-$interval-store-$store-$commit
    for ((i = 0; i < 6000; i++)); do
        [[ -f $dir/vedirect_data.csv ]] && (($(wc -l <"$dir/vedirect_data.csv") >= 2)) && break
        [[ -r /proc/${PID_OF[$run]}/io ]] || { tail -n 20 "$dir/console.log" >&2; die "$run: the logger exited"; }
        sleep 0.01
    done
    START_BYTES[$run]=$(written "${PID_OF[$run]}")
    START_TICKS[$run]=$(cpu_ticks "${PID_OF[$run]}")
    START_TIME[$run]=$EPOCHREALTIME
done
rss_wait=$(python3 -c "import time; print(max(0.0, $T0 + $RSS_AFTER - time.time()))")
sleep "$rss_wait"
RSS=$(kib "${PID_OF[30 on 1]}" VmRSS)
RSS_OFF=$(kib "${PID_OF[30 off -]}" VmRSS)
sleep "$SECONDS_RUN"
printf 'interval  store  commit-s  seconds  bytes written  per day (MB)  CSV lines  stored records  CPU %% of a core\n'
for run in "${RUNS[@]}"; do
    read -r interval store commit <<<"$run"
    dir=$WORK/interval-$interval-store-$store-$commit
    bytes=$(($(written "${PID_OF[$run]}") - START_BYTES[$run]))
    ticks=$(($(cpu_ticks "${PID_OF[$run]}") - START_TICKS[$run]))
    python3 - "$interval" "$store" "$commit" "${START_TIME[$run]}" "$bytes" "$dir" "$ticks" "$TICKS" <<'PY'
import os, sqlite3, sys, time
interval, store, commit, started, written, folder, ticks, per_second = sys.argv[1:]
seconds = time.time() - float(started)
lines = sum(1 for _ in open(f"{folder}/vedirect_data.csv")) - 1
db = f"{folder}/store/records.db"
stored = sqlite3.connect(db).execute("SELECT count(*) FROM records").fetchone()[0] if os.path.exists(db) else "-"
print(f"{interval:>6} s  {store:>5}  {commit:>8}  {seconds:7.0f}  {int(written):13d}  {int(written) / seconds * 86400 / 1e6:12.2f}  {lines:9d}  {stored:>14}  {int(ticks) / int(per_second) / seconds * 100:16.2f}")
PY
done
printf 'idle RSS %s s after start, interval 30 s: store on %.1f MB, store off %.1f MB\n' "$RSS_AFTER" \
    "$(echo "$RSS * 1024 / 1000000" | bc -l)" "$(echo "$RSS_OFF * 1024 / 1000000" | bc -l)"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
