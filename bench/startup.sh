#!/usr/bin/env bash
# Start-up and idle memory of the logger on the Raspberry Pi flags (issue 13, "Start-up and memory on a Pi").
#
#   bench/startup.sh                                # 5 runs, each idles 30 s for the RSS; about 3 minutes
#   STARTUP_RUNS=9 STARTUP_IDLE_SECONDS=0 bench/startup.sh     # start-up only, no idle RSS
#   STARTUP_JAVA_OPTS="-XX:+UseSerialGC ..." bench/startup.sh  # other flags than the unit's
#
# Each run starts target/vedirect-logger.jar in a fresh folder holding only a copy of routes/ (as installed),
# with the default configuration (the built-in simulated BMV-702, the CSV, no Domoticz, interval 30 s) and the
# JVM flags of dist/vedirect-logger.service's ExecStart. It prints, per run and as the median:
#   - wall time from the exec of the JVM to Camel's "started in" line (every route started), to the consumer's
#     "Receiving valid blocks" line (the first record read) and to the first CSV data line (its mtime);
#   - the process's CPU time (user + sys, every thread, /proc/PID/stat) when the first block and the first
#     CSV line were seen: steadier than wall time on a machine shared with other builds;
#   - after STARTUP_IDLE_SECONDS (30) from the start: VmRSS (resident now) and VmHWM (the peak so far).
# and the load average before and after. A figure that cannot be measured stops the script (non-zero exit);
# none is made up.
#
# If the flags hold -XX:SharedArchiveFile=PATH (the AppCDS archive the package's postinst builds), PATH is replaced
# by an archive this script builds first in its scratch folder with dist/train-cds.sh, the installer's own
# training run, so the figures are those of an installed Pi. STARTUP_CDS=0 drops the flag instead (the
# figures without the archive); STARTUP_CDS=missing keeps a path that does not exist (what a Pi gets if the
# archive could not be built).
#
# Variables: STARTUP_RUNS (5), STARTUP_IDLE_SECONDS (30; 0: no RSS), STARTUP_JAVA_OPTS (the unit's flags),
# STARTUP_EXTRA_OPTS (added after them, for trying one flag), STARTUP_CDS (see above), STARTUP_KEEP=1 (keep
# the scratch folder), JAVA (java). Needs the jar (mvn -B -o package -DskipTests), python3 and Linux /proc.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
ROOT=$PWD
JAVA=${JAVA:-java}
JAR=$ROOT/target/vedirect-logger.jar
RUNS=${STARTUP_RUNS:-5}
IDLE=${STARTUP_IDLE_SECONDS:-30}
CDS=${STARTUP_CDS:-1}

die() { printf 'bench/startup.sh: %s\n' "$*" >&2; exit 1; }
log() { printf '>> %s\n' "$*" >&2; }
command -v python3 >/dev/null || die "python3 is needed (arithmetic, log timestamps)"
[[ -f $JAR ]] || die "no $JAR: build it first (mvn -B -o package -DskipTests -Dinvoker.skip)"
[[ $RUNS =~ ^[1-9][0-9]*$ && $IDLE =~ ^[0-9]+$ ]] || die "STARTUP_RUNS must be > 0 and STARTUP_IDLE_SECONDS >= 0"
stale=$(find src/*/src/main routes -newer "$JAR" -type f 2>/dev/null | head -n 1)
[[ -z $stale ]] || log "WARNING: $stale is newer than the jar: these figures are for the jar, not the tree"

if [[ -n ${STARTUP_JAVA_OPTS:-} ]]; then
    read -r -a FLAGS <<<"$STARTUP_JAVA_OPTS"
else
    exec_start=$(sed -n 's/^ExecStart=//p' dist/vedirect-logger.service)
    [[ $exec_start == *" -jar "* ]] || die "no 'ExecStart=java FLAGS -jar' in dist/vedirect-logger.service"
    flags=${exec_start%% -jar *}
    read -r -a FLAGS <<<"${flags#* }"
fi
read -r -a EXTRA <<<"${STARTUP_EXTRA_OPTS:-}"
FLAGS+=("${EXTRA[@]}")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vedirect-startup.XXXXXX")
PID=
cleanup() {
    [[ -z $PID ]] || kill -TERM "$PID" 2>/dev/null || true
    wait 2>/dev/null || true
    if [[ ${STARTUP_KEEP:-0} == 1 ]]; then echo "scratch folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The archive flag: built here the way the installer builds it, dropped, or left pointing nowhere.
for i in "${!FLAGS[@]}"; do
    [[ ${FLAGS[$i]} == -XX:SharedArchiveFile=* ]] || continue
    case $CDS in
        0) unset 'FLAGS[i]' ;;
        missing) FLAGS[i]=-XX:SharedArchiveFile=$WORK/no-such-archive.jsa ;;
        *)
            log "building the AppCDS archive (dist/train-cds.sh)"
            rest=("${FLAGS[@]}")
            unset 'rest[i]'
            "$ROOT/dist/train-cds.sh" "$JAVA" "$JAR" "$WORK/app.jsa" "$ROOT/routes" "${rest[@]}" >"$WORK/train.log" 2>&1 \
                || { tail -n 20 "$WORK/train.log" >&2; die "the training run failed"; }
            FLAGS[i]=-XX:SharedArchiveFile=$WORK/app.jsa
            ;;
    esac
done
FLAGS=("${FLAGS[@]}")

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
running() { [[ -r /proc/$1/stat && $(awk '{print $3}' "/proc/$1/stat") != Z ]]; }
CLK=$(getconf CLK_TCK)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "flags: ${FLAGS[*]}"
log "load average before: $LOAD_BEFORE ($(nproc) CPUs)"

: >"$WORK/results"
for ((run = 1; run <= RUNS; run++)); do
    dir=$WORK/run-$run
    mkdir -p "$dir"
    cp -r "$ROOT/routes" "$dir/routes"
    (
        cd "$dir"
        printf '%s\n' "$EPOCHREALTIME" >t0
        # The levels file only raises Camel's context logger to INFO, for its "started in" line.
        exec "$JAVA" "${FLAGS[@]}" -Djava.util.logging.config.file="$ROOT/bench/logging-started.properties" -jar "$JAR"
    ) >"$dir/console.log" 2>&1 &
    PID=$!
    block_ticks= csv_ticks= csv_mtime=
    for ((i = 0; i < 3000; i++)); do
        running "$PID" || { tail -n 20 "$dir/console.log" >&2; die "run $run: the logger exited"; }
        if [[ -z $block_ticks ]] && grep -q 'Receiving valid blocks' "$dir/console.log"; then block_ticks=$(ticks "$PID"); fi
        if [[ -f $dir/vedirect_data.csv ]] && (($(wc -l <"$dir/vedirect_data.csv") >= 2)); then
            csv_ticks=$(ticks "$PID")
            csv_mtime=$(stat -c %.9Y "$dir/vedirect_data.csv")
            break
        fi
        sleep 0.01
    done
    [[ -n $csv_mtime && -n $block_ticks ]] || die "run $run: no first block or CSV line within 30 s"
    rss= hwm= idle_ticks=
    if ((IDLE > 0)); then
        t0=$(cat "$dir/t0")
        wait_s=$(python3 -c "import time; print(max(0.0, $t0 + $IDLE - time.time()))")
        sleep "$wait_s"
        running "$PID" || die "run $run: the logger exited while idle"
        rss=$(kib "$PID" VmRSS) hwm=$(kib "$PID" VmHWM) idle_ticks=$(ticks "$PID")
    fi
    kill -TERM "$PID"
    wait "$PID" 2>/dev/null || true
    PID=
    python3 - "$dir" "$csv_mtime" "$block_ticks" "$csv_ticks" "$CLK" "${rss:-0}" "${hwm:-0}" "${idle_ticks:-0}" \
        >>"$WORK/results" <<'PY' || die "run $run: cannot read its times"
import datetime, re, sys
folder, csv_mtime, bt, ct, clk, rss, hwm, it = sys.argv[1:]
t0 = float(open(f"{folder}/t0").read())
started = block = None
for line in open(f"{folder}/console.log", errors="replace"):
    m = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) ", line)
    if not m:
        continue
    at = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp()
    if started is None and re.search(r"AbstractCamelContext - Apache Camel .*\) started in ", line):
        started = at
    if block is None and "Receiving valid blocks" in line:
        block = at
if started is None or block is None:
    sys.exit("no 'started in' or 'Receiving valid blocks' line in the console")
walls = [started - t0, block - t0, float(csv_mtime) - t0]
if not all(0 < w < 60 for w in walls):
    sys.exit(f"implausible times {walls}")
clk = int(clk)
print(*(f"{w:.3f}" for w in walls), f"{int(bt) / clk:.2f}", f"{int(ct) / clk:.2f}",
      f"{int(rss) / 1024:.1f}", f"{int(hwm) / 1024:.1f}", f"{int(it) / clk:.2f}")
PY
    log "run $run: $(tail -n 1 "$WORK/results")"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

python3 - "$WORK/results" "$IDLE" "$LOAD_BEFORE" "$LOAD_AFTER" "$(nproc)" "${FLAGS[*]}" <<'PY'
import statistics, sys
path, idle, before, after, cpus, flags = sys.argv[1:]
rows = [list(map(float, l.split())) for l in open(path)]
names = ["wall to routes started (s)", "wall to first block (s)", "wall to first CSV line (s)",
         "CPU at first block (s)", "CPU at first CSV line (s)",
         f"VmRSS at {idle} s (MiB)", f"VmHWM at {idle} s (MiB)", f"CPU at {idle} s (s)"]
shown = names if int(idle) > 0 else names[:5]
print(f"flags: {flags}")
print(f"runs: {len(rows)}; {cpus} CPUs; load average before {before}, after {after}")
for i, name in enumerate(shown):
    col = [r[i] for r in rows]
    print(f"{name:28} median {statistics.median(col):7.3f}   runs: " + " ".join(f"{v:g}" for v in col))
PY
