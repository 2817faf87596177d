#!/usr/bin/env bash
# Performance figures of the logger, measured on the real jar with the Raspberry Pi's JVM flags:
# start-up, peak memory, CPU per hour of one device, serial-to-Domoticz latency, and the decoder against
# a byte-at-a-time Python parser like the script this project replaces. Prints a table and the targets of
# the issue with PASS/MISS. bench/README.md says what each figure means and how it is taken.
#
#   bench/logger.sh                      # everything, about 7.5 minutes on 2 cores
#   BENCH_QUICK=1 bench/logger.sh        # every section, short runs (about 1.5 minutes): rough figures
#   BENCH_SECTIONS="startup latency" bench/logger.sh
#
# Environment (all optional; defaults in brackets):
#   BENCH_SECTIONS         which sections run              [startup memory cpu latency decoder]
#   BENCH_STARTUP_RUNS     start-up runs, median taken     [5]
#   BENCH_SECONDS          memory run, idle and real-time CPU windows, seconds [60]
#   BENCH_FAST_SECONDS     fast CPU window, seconds        [30]
#   BENCH_FAST_BLOCK_MS    simulator block period in the fast CPU run, ms [10, i.e. 100 blocks/s]
#   BENCH_CPU_INTERVAL     vedirect.interval of the device-time hour the CPU figures stand for [30, the default]
#   BENCH_WARMUP           seconds a CPU run runs before its window opens [10]
#   BENCH_BLOCKS           latency: records measured       [120]
#   BENCH_LATENCY_WARMUP   latency: records sent first and not counted [10]
#   BENCH_PY_SECONDS, BENCH_PY_ROUNDS     Python parser: seconds per round, rounds [1, 3]
#   BENCH_JAVA_OPTS        JVM flags of the logger         [ExecStart of dist/vedirect-logger.service]
#   BENCH_CDS              the flags' -XX:SharedArchiveFile=PATH: 1 builds an AppCDS archive first with
#                          dist/train-cds.sh, as the Pi installer does, and points the flag at it; 0 drops the
#                          flag (no class sharing); missing keeps a path that does not exist    [1]
#   BENCH_REBUILD=1        rebuild the jar even if it exists
#   BENCH_SKIP_BUILD=1     use target/ as it is (no Maven at all)
#   BENCH_KEEP=1           keep the scratch folder (logs, CSVs) and print where it is
#   JAVA                   java launcher                   [java]
# Exit status: 0 when every figure was measured (whether or not it meets its target), non-zero when a
# measurement could not be taken; then no figure is made up, the reason is printed.
set -euo pipefail
# EPOCHREALTIME and printf use the locale's decimal point; the arithmetic below needs '.'.
export LC_ALL=C

cd "$(dirname "$0")/.."
ROOT=$PWD
JAVA=${JAVA:-java}

log() { printf '>> %s\n' "$*" >&2; }
die() { printf 'bench/logger.sh: %s\n' "$*" >&2; exit 1; }

command -v python3 >/dev/null 2>&1 \
    || die "python3 not found: it does this script's arithmetic and reads the JSON figures (Debian: apt-get install python3)"
command -v "$JAVA" >/dev/null 2>&1 || die "java not found (set JAVA=/path/to/java)"
[[ -r /proc/self/status ]] || die "/proc is needed to read a process's CPU time and RSS (Linux only)"

if [[ "${BENCH_QUICK:-0}" == 1 ]]; then
    : "${BENCH_STARTUP_RUNS:=1}" "${BENCH_SECONDS:=10}" "${BENCH_FAST_SECONDS:=5}" "${BENCH_WARMUP:=3}"
    : "${BENCH_BLOCKS:=10}" "${BENCH_LATENCY_WARMUP:=3}" "${BENCH_PY_SECONDS:=0.3}" "${BENCH_PY_ROUNDS:=1}"
    DECODER_QUICK=1
    export JMH_WI=${JMH_WI:-1} JMH_I=${JMH_I:-2}
fi
SECTIONS=" ${BENCH_SECTIONS:-startup memory cpu latency decoder} "
STARTUP_RUNS=${BENCH_STARTUP_RUNS:-5}
RUN_SECONDS=${BENCH_SECONDS:-60}
FAST_SECONDS=${BENCH_FAST_SECONDS:-30}
FAST_BLOCK_MS=${BENCH_FAST_BLOCK_MS:-10}
CPU_INTERVAL=${BENCH_CPU_INTERVAL:-30}
WARMUP=${BENCH_WARMUP:-10}
BLOCKS=${BENCH_BLOCKS:-120}
LATENCY_WARMUP=${BENCH_LATENCY_WARMUP:-10}
PY_SECONDS=${BENCH_PY_SECONDS:-1}
PY_ROUNDS=${BENCH_PY_ROUNDS:-3}
for n in STARTUP_RUNS RUN_SECONDS FAST_SECONDS FAST_BLOCK_MS WARMUP BLOCKS LATENCY_WARMUP PY_ROUNDS; do
    [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || die "$n must be a whole number > 0, not '${!n}'"
done
section() { [[ $SECTIONS == *" $1 "* ]]; }

# The Pi's flags come from the unit file itself, so the figures follow it if it changes.
if [[ -n "${BENCH_JAVA_OPTS:-}" ]]; then
    FLAGS_FROM="BENCH_JAVA_OPTS"
    read -r -a JVM_FLAGS <<<"$BENCH_JAVA_OPTS"
else
    FLAGS_FROM="dist/vedirect-logger.service"
    exec_start=$(sed -n 's/^ExecStart=//p' dist/vedirect-logger.service)
    [[ $exec_start == *" -jar "* ]] || die "cannot find 'ExecStart=... java FLAGS -jar' in dist/vedirect-logger.service"
    flags=${exec_start%% -jar *}
    read -r -a JVM_FLAGS <<<"${flags#* }"
fi
for f in "${JVM_FLAGS[@]}"; do [[ $f == -* ]] || die "not a JVM flag: '$f' (from $FLAGS_FROM)"; done

JAR=$ROOT/target/vedirect-logger.jar
# The benchmark mains live in the logger module's tests.
MODULE=$ROOT/src/vedirect-logger
CP_FILE=$ROOT/target/bench-classpath.txt
mvn_quiet() { mvn -q -B -o "$@" 2>&1 | sed 's/\x1b\[[0-9;]*m//g'; }
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    if [[ ! -f $JAR || "${BENCH_REBUILD:-0}" == 1 ]]; then
        log "building $JAR (mvn -o package -DskipTests)"
        mvn_quiet package -DskipTests -Dinvoker.skip
    fi
    log "compiling the benchmark mains (mvn -o package) and writing their classpath"
    # One invocation, so that the reactor hands the logger the component's jars it has just built.
    mvn_quiet -pl src/vedirect-logger -am -DskipTests -Dinvoker.skip package dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
[[ -f $JAR ]] || die "no $JAR: build it (mvn -o package -DskipTests) or run without BENCH_SKIP_BUILD"
[[ -s $CP_FILE && -f $MODULE/target/test-classes/io/github/vedirect/benchmark/LatencyBench.class ]] \
    || die "no benchmark classes or $CP_FILE: run without BENCH_SKIP_BUILD=1"
TEST_CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$CP_FILE")"
stale=$(find src/*/src/main src/*/pom.xml routes pom.xml -newer "$JAR" -type f 2>/dev/null | head -n 1)
[[ -z $stale ]] || log "WARNING: $stale is newer than the jar: these figures are for the jar, not the tree (BENCH_REBUILD=1)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vedirect-bench.XXXXXX")
RESULTS=$WORK/results.env
: >"$RESULTS"
STARTED=()
cleanup() {
    local pid
    for pid in "${STARTED[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
        echo "scratch folder kept: $WORK" >&2
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

put() { printf '%s=%s\n' "$1" "$2" >>"$RESULTS"; }

# Busy and stolen jiffies of the whole machine: the figures are only as clean as the machine was quiet,
# so each section records how busy it was (every process, ours included) and how much the hypervisor took.
machine_jiffies() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8, $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
begin_section() {
    read -r SECTION_BUSY0 SECTION_STEAL0 SECTION_TOTAL0 < <(machine_jiffies)
}
end_section() {
    local busy steal total
    read -r busy steal total < <(machine_jiffies)
    put "machine_during_$1" "$((busy - SECTION_BUSY0)) $((steal - SECTION_STEAL0)) $((total - SECTION_TOTAL0)) $(cut -d' ' -f1 /proc/loadavg)"
}
now_us() { echo "${EPOCHREALTIME/./}"; }

# A zombie still answers kill -0, so look at the state the kernel reports.
is_running() { [[ -r /proc/$1/stat ]] && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]; }

stop_process() {
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do
        is_running "$pid" || break
        sleep 0.1
    done
    if is_running "$pid"; then
        log "process $pid ignored SIGTERM for 20 s: killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    # Forgotten once reaped: its number may be given to another process, which cleanup must not signal.
    local kept=() p
    for p in "${STARTED[@]}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
    STARTED=("${kept[@]}")
}

# utime + stime of every thread of the process, in clock ticks. Field 2 is "(java)": no spaces to shift
# the fields, which the check makes sure of.
cpu_ticks() {
    local stat
    stat=$(cat "/proc/$1/stat") || die "process $1 is gone: cannot read its CPU time"
    [[ $stat == *"(java) "* ]] || die "process $1 is not java: $stat"
    awk '{print $14 + $15}' <<<"$stat"
}
proc_kib() { awk -v key="$2:" '$1 == key {print $2}' "/proc/$1/status"; }
CLK_TCK=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# GET http://127.0.0.1:PORT/PATH, body on stdout; fails if not answered 200.
http_get() {
    python3 - "$1" "$2" <<'PY'
import sys, urllib.request
with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/{sys.argv[2]}", timeout=5) as r:
    sys.stdout.write(r.read().decode())
PY
}

tail_of() { echo "--- last lines of $1:"; tail -n 25 "$1" 2>/dev/null || true; }

# launch_logger DIR ARGS...: the jar with the Pi flags, working directory DIR (its own CSV and
# vedirect.log), the repository's routes as installed; DIR/t0 holds the instant just before exec.
launch_logger() {
    local dir=$1
    shift
    mkdir -p "$dir"
    (
        cd "$dir"
        printf '%s\n' "$EPOCHREALTIME" >t0
        exec "$JAVA" "${JVM_FLAGS[@]}" -Droutes.folder="$ROOT/routes" "$@" -jar "$JAR"
    ) >"$dir/console.log" 2>&1 &
    LOGGER_PID=$!
    STARTED+=("$LOGGER_PID")
}

# The fake Domoticz in a JVM of its own, so its Lua and HTTP work are not counted as the logger's.
start_fake_domoticz() {
    local dir=$1 i
    mkdir -p "$dir"
    "$JAVA" -cp "$TEST_CP" io.github.vedirect.benchmark.FakeDomoticzServer "$ROOT/lua" "$dir/domoticz-summary.txt" \
        >"$dir/domoticz.out" 2>&1 &
    FAKE_PID=$!
    STARTED+=("$FAKE_PID")
    for ((i = 0; i < 600; i++)); do
        FAKE_PORT=$(sed -n 's/^port=//p' "$dir/domoticz.out")
        [[ -n $FAKE_PORT ]] && return 0
        is_running "$FAKE_PID" || { tail_of "$dir/domoticz.out" >&2; die "the fake Domoticz did not start"; }
        sleep 0.05
    done
    die "the fake Domoticz did not say its port within 30 s"
}

await_status() {
    local port=$1 pid=$2 dir=$3 i
    for ((i = 0; i < 300; i++)); do
        http_get "$port" status >/dev/null 2>&1 && return 0
        is_running "$pid" || { tail_of "$dir/console.log" >&2; die "the logger exited during start-up"; }
        sleep 0.1
    done
    tail_of "$dir/console.log" >&2
    die "the logger's /status did not answer within 30 s"
}

# Total blocks over the devices in a /status JSON (one device here).
status_field() {
    python3 -c '
import json, sys
s = json.loads(sys.argv[1])
print(sum(d["blocks"] for d in s["devices"].values()) if sys.argv[2] == "blocks" else s[sys.argv[2]])' "$1" "$2"
}

# The unit's -XX:SharedArchiveFile names the archive the package's postinst builds in /var/cache; here there is none, and a
# JVM told to use a missing archive runs without any class sharing, slower to start than an installed Pi. So
# the archive is built first, as the installer builds it (dist/train-cds.sh, the same training run
# bench/startup.sh uses), for this JAR by its path: the logger runs and LatencyBench's run that jar. The other
# JVMs (the idle baseline, the decoder) run other class paths: given the archive, JDK 17 finds "shared class
# paths mismatch" and drops all class sharing, so they get the flags without it, and the JDK's default archive.
CDS=${BENCH_CDS:-1}
CDS_NOTE="no -XX:SharedArchiveFile in the flags"
OTHER_JVM_FLAGS=()
for i in "${!JVM_FLAGS[@]}"; do
    [[ ${JVM_FLAGS[$i]} == -XX:SharedArchiveFile=* ]] || { OTHER_JVM_FLAGS+=("${JVM_FLAGS[$i]}"); continue; }
    case $CDS in
        0)
            unset 'JVM_FLAGS[i]'
            CDS_NOTE="-XX:SharedArchiveFile dropped (BENCH_CDS=0): no class sharing"
            ;;
        missing)
            JVM_FLAGS[i]=-XX:SharedArchiveFile=$WORK/no-such-archive.jsa
            CDS_NOTE="-XX:SharedArchiveFile names a missing file (BENCH_CDS=missing), as on a Pi whose archive could not be built"
            ;;
        1)
            log "building the AppCDS archive for $JAR (dist/train-cds.sh)"
            rest=("${JVM_FLAGS[@]}")
            unset 'rest[i]'
            cds_start_us=$(now_us)
            "$ROOT/dist/train-cds.sh" "$JAVA" "$JAR" "$WORK/app.jsa" "$ROOT/routes" "${rest[@]}" >"$WORK/train-cds.log" 2>&1 \
                || { tail -n 20 "$WORK/train-cds.log" >&2; die "the AppCDS training run (dist/train-cds.sh) failed"; }
            JVM_FLAGS[i]=-XX:SharedArchiveFile=$WORK/app.jsa
            CDS_NOTE="AppCDS archive built by dist/train-cds.sh in $(( ($(now_us) - cds_start_us) / 1000 )) ms, $(du -k "$WORK/app.jsa" | cut -f1) KiB"
            ;;
        *) die "BENCH_CDS must be 1, 0 or missing, not '$CDS'" ;;
    esac
done
JVM_FLAGS=("${JVM_FLAGS[@]}")

echo "vedirect-logger performance, $(date '+%Y-%m-%d %H:%M:%S %Z')"
echo "tree: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- src routes pom.xml 2>/dev/null || echo ' (with uncommitted changes)'); jar: $JAR ($(date -r "$JAR" '+%Y-%m-%d %H:%M'))"
echo "logger JVM flags (from $FLAGS_FROM): ${JVM_FLAGS[*]}"
echo "class sharing: $CDS_NOTE; the baseline and decoder JVMs: the same flags without the archive"
echo

# ------------------------------------------------------------------------------------------------------
# Start-up: from exec of the JVM to Camel's "started" line (every route started), to the first valid
# block, and to the first CSV line, interval 1 s, the default simulated BMV-702.
if section startup; then
    begin_section
    log "start-up: $STARTUP_RUNS runs"
    for ((run = 1; run <= STARTUP_RUNS; run++)); do
        dir=$WORK/startup-$run
        csv=$dir/vedirect_data.csv
        launch_logger "$dir" -Djava.util.logging.config.file="$ROOT/bench/logging-started.properties" \
            -Dvedirect.interval=1
        mtime=
        for ((i = 0; i < 3000; i++)); do
            if [[ -s $csv ]] && (($(wc -l <"$csv") >= 2)); then
                mtime=$(stat -c %.9Y "$csv")
                lines=$(wc -l <"$csv")
                # The modification time must be that of the first line's write, not of a later one.
                ((lines == 2)) || die "start-up run $run: the CSV had $lines lines when first looked at: polled too late"
                break
            fi
            is_running "$LOGGER_PID" || { tail_of "$dir/console.log" >&2; die "start-up run $run: the logger exited"; }
            sleep 0.02
        done
        [[ -n $mtime ]] || { tail_of "$dir/console.log" >&2; die "start-up run $run: no CSV line within 60 s"; }
        stop_process "$LOGGER_PID"
        figures=$(python3 - "$dir" "$mtime" <<'PY'
import datetime, re, sys
folder, csv_mtime = sys.argv[1], float(sys.argv[2])
t0 = float(open(f"{folder}/t0").read())
started = block = None
for line in open(f"{folder}/console.log", errors="replace"):
    m = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) ", line)
    if not m:
        continue
    # The log's local time, read in the same zone the JVM wrote it in.
    at = datetime.datetime.strptime(m.group(1), "%Y-%m-%d %H:%M:%S.%f").timestamp()
    if started is None and "AbstractCamelContext" in line and re.search(r"\) started in ", line):
        started = at
    if block is None and "Receiving valid blocks" in line:
        block = at
if started is None or block is None:
    sys.exit(f"{folder}/console.log lacks Camel's 'started in' line or the first 'Receiving valid blocks' line")
values = [started - t0, block - t0, csv_mtime - t0]
if not all(0 < v < 120 for v in values):
    sys.exit(f"implausible times {values} (log time zone differs from Python's?)")
print(" ".join(f"{v:.3f}" for v in values))
PY
        ) || die "start-up run $run: $figures"
        read -r routes_s block_s csv_s <<<"$figures"
        log "start-up run $run: routes started ${routes_s} s, first block ${block_s} s, first CSV line ${csv_s} s"
        put startup_routes_s "$routes_s"
        put startup_block_s "$block_s"
        put startup_csv_s "$csv_s"
    done
    end_section startup
fi

# ------------------------------------------------------------------------------------------------------
# Memory: peak RSS of the default configuration (simulated BMV-702, CSV) with an upload to Domoticz every
# second, for RUN_SECONDS; and of a JVM doing nothing with the same flags, for comparison. A BMV record is
# two blocks, so at its real pace there would be a record, and an upload, every 2 s only: the simulated
# device runs twice as fast, which loads the logger more, never less.
if section memory; then
    begin_section
    log "memory: default configuration + Domoticz every second for $RUN_SECONDS s"
    dir=$WORK/memory
    start_fake_domoticz "$dir"
    launch_logger "$dir" -Dvedirect.port="simulator:bmv702?blockInterval=500" -Dvedirect.interval=1 \
        -Ddomoticz.url="http://127.0.0.1:$FAKE_PORT"
    start_us=$(now_us)
    max_rss=0
    while (($(now_us) - start_us < RUN_SECONDS * 1000000)); do
        is_running "$LOGGER_PID" || { tail_of "$dir/console.log" >&2; die "memory: the logger exited"; }
        rss=$(proc_kib "$LOGGER_PID" VmRSS)
        ((rss > max_rss)) && max_rss=$rss
        sleep 1
    done
    hwm=$(proc_kib "$LOGGER_PID" VmHWM)
    rss_end=$(proc_kib "$LOGGER_PID" VmRSS)
    [[ -n $hwm && -n $rss_end ]] || die "memory: cannot read VmHWM/VmRSS of process $LOGGER_PID"
    stop_process "$LOGGER_PID"
    stop_process "$FAKE_PID"
    [[ -s $dir/domoticz-summary.txt ]] || die "memory: the fake Domoticz wrote no summary"
    read -r requests ok <<<"$(sed 's/requests=\([0-9]*\) ok=\([0-9]*\)/\1 \2/' "$dir/domoticz-summary.txt")"
    csv_lines=$(($(wc -l <"$dir/vedirect_data.csv") - 1))
    ((ok > 0 && csv_lines > 0)) || die "memory: the run did no work ($ok uploads OK, $csv_lines CSV lines): figure not valid"
    log "memory: VmHWM $hwm KiB, VmRSS at the end $rss_end KiB; $ok uploads OK of $requests, $csv_lines CSV lines"
    put memory_hwm_kib "$hwm"
    put memory_rss_end_kib "$rss_end"
    put memory_uploads_ok "$ok"
    put memory_requests "$requests"
    put memory_csv_lines "$csv_lines"

    "$JAVA" "${OTHER_JVM_FLAGS[@]}" -cp "$MODULE/target/test-classes" io.github.vedirect.benchmark.JvmBaseline >"$dir/baseline.out" 2>&1 &
    base_pid=$!
    STARTED+=("$base_pid")
    for ((i = 0; i < 300; i++)); do
        grep -q '^ready' "$dir/baseline.out" && break
        is_running "$base_pid" || { tail_of "$dir/baseline.out" >&2; die "memory: the baseline JVM exited"; }
        sleep 0.1
    done
    grep -q '^ready' "$dir/baseline.out" || die "memory: the baseline JVM did not start"
    sleep 2
    base_hwm=$(proc_kib "$base_pid" VmHWM)
    stop_process "$base_pid"
    [[ -n $base_hwm ]] || die "memory: cannot read the baseline JVM's VmHWM"
    put memory_baseline_hwm_kib "$base_hwm"
    # Without -Xms the JVM commits 1/64 of the machine's RAM (capped at -Xmx) as its first heap, so the
    # same flags start with a smaller heap on a small Pi: printed so the figure can be read for that.
    initial_heap=$("$JAVA" "${OTHER_JVM_FLAGS[@]}" -XX:+PrintFlagsFinal -version 2>/dev/null | awk '$2 == "InitialHeapSize" {print $4}')
    [[ -n $initial_heap ]] || die "memory: cannot read the JVM's InitialHeapSize"
    put memory_initial_heap_bytes "$initial_heap"
    end_section memory
fi

# ------------------------------------------------------------------------------------------------------
# CPU: three runs of the simulated BMV-702 with CSV and Domoticz, each read from /proc after a warm-up:
# idle (no blocks), fast (1000/FAST_BLOCK_MS blocks a second, the interval scaled by the same factor so
# destinations get the same share of records), and real time (1 block a second).
cpu_run() {
    local name=$1 source=$2 interval=$3 seconds=$4
    local dir=$WORK/cpu-$name port s0 s1 c0 c1 w0 w1
    port=$(free_port)
    launch_logger "$dir" -Dvedirect.port="$source" -Dvedirect.interval="$interval" \
        -Ddomoticz.url="http://127.0.0.1:$FAKE_PORT" -Dstatus.port="$port"
    await_status "$port" "$LOGGER_PID" "$dir"
    sleep "$WARMUP"
    # Ticks are read inside the two status requests, so serving them is not counted.
    s0=$(http_get "$port" status) || die "cpu $name: /status did not answer"
    c0=$(cpu_ticks "$LOGGER_PID")
    w0=$(now_us)
    sleep "$seconds"
    c1=$(cpu_ticks "$LOGGER_PID")
    w1=$(now_us)
    s1=$(http_get "$port" status) || die "cpu $name: /status did not answer"
    is_running "$LOGGER_PID" || { tail_of "$dir/console.log" >&2; die "cpu $name: the logger exited"; }
    stop_process "$LOGGER_PID"
    local blocks uploads
    blocks=$(($(status_field "$s1" blocks) - $(status_field "$s0" blocks)))
    uploads=$(($(status_field "$s1" uploadsOk) - $(status_field "$s0" uploadsOk)))
    log "cpu $name: $((c1 - c0)) ticks in $(((w1 - w0) / 1000)) ms, $blocks blocks, $uploads uploads OK"
    put "cpu_${name}_ticks" $((c1 - c0))
    put "cpu_${name}_wall_us" $((w1 - w0))
    put "cpu_${name}_blocks" "$blocks"
    put "cpu_${name}_uploads" "$uploads"
    put "cpu_${name}_interval" "$interval"
}
if section cpu; then
    begin_section
    fast_interval=$(python3 -c "from decimal import Decimal as D; print(D('$CPU_INTERVAL') * $FAST_BLOCK_MS / 1000)")
    log "cpu: idle ${RUN_SECONDS} s, fast (${FAST_BLOCK_MS} ms blocks, interval ${fast_interval} s) ${FAST_SECONDS} s, real time ${RUN_SECONDS} s; ${WARMUP} s warm-up each"
    start_fake_domoticz "$WORK/cpu-domoticz"
    put cpu_clk_tck "$CLK_TCK"
    # Idle: one block at start, then none for a day; a day's staleTimeout keeps the source from being
    # reopened, so what is left is the cost of a logger waiting for its next block.
    cpu_run idle "simulator:bmv702?blockInterval=86400000&staleTimeout=86400000" "$CPU_INTERVAL" "$RUN_SECONDS"
    cpu_run fast "simulator:bmv702?blockInterval=$FAST_BLOCK_MS" "$fast_interval" "$FAST_SECONDS"
    cpu_run realtime "simulator:bmv702" "$CPU_INTERVAL" "$RUN_SECONDS"
    stop_process "$FAKE_PID"
    grep -q '^cpu_idle_blocks=0$' "$RESULTS" || die "cpu: the idle run received blocks: its figure is not an idle cost"
    if grep -q -e '^cpu_fast_blocks=0$' -e '^cpu_realtime_blocks=0$' "$RESULTS"; then
        die "cpu: a run that should have read blocks read none"
    fi
    end_section cpu
fi

# ------------------------------------------------------------------------------------------------------
# Latency: last byte of a record on a pseudo-terminal to the Domoticz request (LatencyBench).
if section latency; then
    begin_section
    log "latency: $LATENCY_WARMUP + $BLOCKS records, one a second"
    out=$WORK/latency.out
    "$JAVA" -cp "$TEST_CP" -Dbench.jar="$JAR" -Dbench.jvmFlags="${JVM_FLAGS[*]}" -Dbench.lua="$ROOT/lua" \
        -Dbench.routes="$ROOT/routes" -Dbench.work="$WORK/latency" -Dbench.blocks="$BLOCKS" \
        -Dbench.warmup="$LATENCY_WARMUP" -Dbench.interval=0.5 io.github.vedirect.benchmark.LatencyBench >"$out" 2>&1 \
        || { cat "$out" >&2; die "latency: LatencyBench failed"; }
    grep -v '^RESULT ' "$out" | sed 's/^/>> latency: /' >&2
    result=$(sed -n 's/^RESULT //p' "$out")
    [[ -n $result ]] || { cat "$out" >&2; die "latency: no RESULT line"; }
    put latency_json "$result"
    end_section latency
fi

# ------------------------------------------------------------------------------------------------------
# Decoder: the Python parser and the Java decoder on the same two captures, MB/s each.
if section decoder; then
    begin_section
    CAPTURES=(karioja_vedirect_bvm702.bin:906 karioja_vedirect_smartsolar_1.39.bin:493)
    specs=()
    for c in "${CAPTURES[@]}"; do specs+=("$ROOT/src/camel-vedirect/src/test/resources/captures/$c"); done
    log "decoder: Python parser, $PY_ROUNDS rounds of >= $PY_SECONDS s per capture"
    py_out=$(python3 bench/original_parser.py --json --min-seconds "$PY_SECONDS" --rounds "$PY_ROUNDS" "${specs[@]}") \
        || die "decoder: the Python parser failed"
    while read -r line; do put decoder_python_json "$line"; done <<<"$py_out"

    if [[ -x bench/decoder.sh ]]; then
        # The JMH benchmark forks a JVM that inherits the host's flags; JDK_JAVA_OPTIONS gives both the
        # Pi's flags. decodeAndReadValues makes every label and value a String, as the Python builds its dict.
        log "decoder: Java through bench/decoder.sh (JMH)"
        jmh_log=$WORK/decoder-jmh.out
        JDK_JAVA_OPTIONS="${OTHER_JVM_FLAGS[*]}" \
            JMH_BENCH="${JMH_BENCH:-DecoderBenchmark.decodeAndReadValues\$}" \
            JMH_ARGS="${JMH_ARGS:--p capture=${CAPTURES[0]%%:*},${CAPTURES[1]%%:*}}" \
            bench/decoder.sh >"$jmh_log" 2>&1 || { tail_of "$jmh_log" >&2; die "decoder: bench/decoder.sh failed"; }
        [[ -s target/jmh-decoder.json ]] || die "decoder: bench/decoder.sh left no target/jmh-decoder.json"
        java_out=$(python3 - target/jmh-decoder.json <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    sec = r.get("secondaryMetrics", {})
    if "bytes" not in sec:
        continue
    print(json.dumps({"capture": r["params"]["capture"], "mbPerS": sec["bytes"]["score"] / 1e6,
                      "how": "JMH " + r["benchmark"].rsplit(".", 1)[-1]}))
PY
        )
    else
        warm=5 rounds=5
        [[ "${DECODER_QUICK:-0}" == 1 ]] && warm=1 rounds=1
        log "decoder: no bench/decoder.sh here: rough Java figure (DecoderThroughput, ${warm} s warm-up, $rounds rounds)"
        java_log=$WORK/decoder-java.out
        "$JAVA" "${OTHER_JVM_FLAGS[@]}" -cp "$TEST_CP" io.github.vedirect.benchmark.DecoderThroughput \
            --warmup-seconds "$warm" --rounds "$rounds" --min-seconds 1 "${specs[@]}" >"$java_log" 2>&1 \
            || { cat "$java_log" >&2; die "decoder: DecoderThroughput failed"; }
        java_out=$(sed -n 's/^RESULT //p' "$java_log" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print(json.dumps({"capture": r["capture"], "mbPerS": r["mbPerS"], "how": "rough main, no JMH"}))')
    fi
    [[ $(grep -c . <<<"$java_out") -eq ${#CAPTURES[@]} ]] || die "decoder: expected a Java figure per capture, got: $java_out"
    while read -r line; do put decoder_java_json "$line"; done <<<"$java_out"
    end_section decoder
fi

# ------------------------------------------------------------------------------------------------------
# The table, the machine, the targets.
put machine_nproc "$(nproc)"
put machine_mem_kib "$(awk '$1 == "MemTotal:" {print $2}' /proc/meminfo)"
put machine_cpu "$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)"
put machine_java "$("$JAVA" -version 2>&1 | head -n 2 | paste -sd ' ')"
put machine_python "$(python3 -c 'import platform; print(platform.python_version())')"
put machine_kernel "$(uname -sr)"

python3 - "$RESULTS" "$STARTUP_RUNS" "$RUN_SECONDS" "$FAST_BLOCK_MS" "$CPU_INTERVAL" "${JVM_FLAGS[*]}" <<'PY'
import json, math, statistics, sys

path, startup_runs, run_seconds, fast_ms, cpu_interval, flags = sys.argv[1:]
values = {}
for line in open(path):
    key, _, value = line.rstrip("\n").partition("=")
    values.setdefault(key, []).append(value)
one = lambda k: values[k][0]
has = lambda k: k in values
targets = []

def row(label, value):
    print(f"  {label:<52} {value}")

def verdict(name, value, limit, unit, fmt):
    if value is None:
        targets.append((name, f"< {fmt(limit)} {unit}", "not measured", "MISS", "no figure (see above)"))
        return
    if math.isinf(value):
        targets.append((name, f"< {fmt(limit)} {unit}", "inf", "MISS", "records that never reached Domoticz"))
        return
    over = value - limit
    if over < 0:
        targets.append((name, f"< {fmt(limit)} {unit}", f"{fmt(value)} {unit}", "PASS",
                        f"{fmt(-over)} {unit} under ({-over / limit:.0%} margin)"))
    else:
        targets.append((name, f"< {fmt(limit)} {unit}", f"{fmt(value)} {unit}", "MISS",
                        f"over by {fmt(over)} {unit} (+{over / limit:.0%})"))

print(f"  {'figure':<52} value")
print("-" * 110)
if has("startup_routes_s"):
    routes = [float(v) for v in values["startup_routes_s"]]
    block = [float(v) for v in values["startup_block_s"]]
    csv = [float(v) for v in values["startup_csv_s"]]
    m = statistics.median(routes)
    print(f"Start-up, exec of the JVM to Camel's 'started' log line (all routes started), median of {len(routes)}:")
    row("routes started", f"{m:.3f} s   (runs: {', '.join(f'{v:.3f}' for v in routes)})")
    row("first valid block read ('Receiving valid blocks')", f"{statistics.median(block):.3f} s")
    row("first CSV line (file mtime; interval 1 s)", f"{statistics.median(csv):.3f} s   (runs: {', '.join(f'{v:.3f}' for v in csv)})")
    print("  (the first CSV line waits for the BMV's two-block cycle to be learned from its first record: it is the second one)")
    verdict("start-up to routes started", m, 1.5, "s", lambda v: f"{v:.2f}")
if has("memory_hwm_kib"):
    hwm = int(one("memory_hwm_kib")) / 1024
    # "96 MB" judged as 96 x 10^6 bytes, the stricter of its two readings; MiB is printed beside it.
    hwm_mb = int(one("memory_hwm_kib")) * 1024 / 1e6
    print(f"Memory, default configuration + Domoticz, interval 1 s, BMV-702 at 2 blocks/s (a record a second), {run_seconds} s "
          f"({one('memory_uploads_ok')} uploads OK, {one('memory_csv_lines')} CSV lines):")
    row("peak RSS (VmHWM)", f"{hwm_mb:.1f} MB = {hwm:.1f} MiB")
    row("RSS at the end", f"{int(one('memory_rss_end_kib')) / 1024:.1f} MiB")
    row("a JVM doing nothing, same flags (VmHWM)", f"{int(one('memory_baseline_hwm_kib')) / 1024:.1f} MiB")
    # Without -Xms the JVM commits 1/64 of the machine's RAM up front (at most -Xmx): say which applied.
    initial_from = ("-Xms" if any(f.startswith("-Xms") for f in flags.split())
                    else f"no -Xms: 1/64 of {int(one('machine_mem_kib')) / 2**20:.1f} GiB RAM, at most -Xmx")
    row("initial heap of the JVM", f"{int(one('memory_initial_heap_bytes')) / 2**20:.0f} MiB ({initial_from})")
    verdict("peak RSS", hwm_mb, 96, "MB", lambda v: f"{v:.1f}")
if has("cpu_idle_ticks"):
    tck = int(one("cpu_clk_tck"))
    rate = lambda n: int(one(f"cpu_{n}_ticks")) / tck / (int(one(f"cpu_{n}_wall_us")) / 1e6)
    wall = lambda n: int(one(f"cpu_{n}_wall_us")) / 1e6
    idle, fast, real = rate("idle"), rate("fast"), rate("realtime")
    fast_bps = int(one("cpu_fast_blocks")) / wall("fast")
    real_bps = int(one("cpu_realtime_blocks")) / wall("realtime")
    per_block = (fast - idle) / fast_bps
    projected = (idle + per_block * 1.0) * 3600
    ticks = lambda n: int(one(f"cpu_{n}_ticks"))
    # Each window is two readings of a tick counter: up to one tick of error at each end.
    err = lambda n: f"± {2 / tck / wall(n) * 100:.3f} %"
    print(f"CPU, simulated BMV-702 + CSV + Domoticz, interval {cpu_interval} s; utime+stime in {1000 / tck:.0f} ms ticks:")
    row(f"idle (no blocks), {wall('idle'):.0f} s: {ticks('idle')} ticks",
        f"{idle * 3600:.1f} CPU s/h = {idle * 100:.3f} % of a core ({err('idle')})")
    row(f"fast, {fast_bps:.1f} blocks/s (interval {one('cpu_fast_interval')} s), {wall('fast'):.0f} s: {ticks('fast')} ticks",
        f"{fast * 100:.2f} % of a core; {per_block * 1e6:.0f} µs CPU per block beyond idle")
    row("projected, 1 block/s: idle + 1 x per block", f"{projected:.1f} CPU s/h = {projected / 36:.3f} % of a core")
    row(f"measured, real time {real_bps:.2f} blocks/s, {wall('realtime'):.0f} s: {ticks('realtime')} ticks",
        f"{real * 3600:.1f} CPU s/h = {real * 100:.3f} % of a core ({err('realtime')}; {one('cpu_realtime_uploads')} uploads)")
    verdict("CPU, one device (projected from fast run)", projected / 36, 1.0, "%", lambda v: f"{v:.2f}")
    verdict("CPU, one device (measured in real time)", real * 100, 1.0, "%", lambda v: f"{v:.2f}")
if has("latency_json"):
    r = json.loads(one("latency_json"))
    fmt = lambda v: "inf (no request)" if v is None else f"{v:.1f} ms"
    print(f"Latency, last byte of a record on the serial line to the Domoticz request, {r['blocks']} records "
          f"(after {r['warmup']} warm-up), interval {r['interval']} s:")
    row("median", f"{fmt(r['medianMs'])}")
    row("p99 (nearest rank)", f"{fmt(r['p99Ms'])}")
    row("max", f"{fmt(r['maxMs'])}")
    row("records without a request", f"{r['lost']} of {r['blocks']}; requests not answered OK: {r['requestsNotOk']}")
    # A record that never got a request counts as infinitely late, not as absent.
    verdict("latency p99", math.inf if r["p99Ms"] is None else r["p99Ms"], 50, "ms", lambda v: f"{v:.1f}")
if has("decoder_python_json"):
    py = {json.loads(v)["capture"]: json.loads(v) for v in values["decoder_python_json"]}
    jv = {json.loads(v)["capture"]: json.loads(v) for v in values["decoder_java_json"]}
    print(f"Decoder throughput (MB = 10^6 bytes), Python byte-at-a-time parser vs VeDirectDecoder with the logger's JVM flags:")
    for capture, p in py.items():
        j = jv[capture]
        row(f"{capture} ({p['blocks']} blocks)",
            f"Python {p['mb_per_s']:.2f} MB/s, Java {j['mbPerS']:.1f} MB/s ({j['how']}): Java/Python {j['mbPerS'] / p['mb_per_s']:.0f}x")
print()
print(f"Machine: {one('machine_nproc')} CPUs, {one('machine_cpu')}, {int(one('machine_mem_kib')) / 2**20:.1f} GiB RAM; "
      f"{one('machine_kernel')}; {one('machine_java')}; Python {one('machine_python')}")
print(f"Logger JVM flags: {flags}")
during = [(k[len("machine_during_"):], v[0].split()) for k, v in values.items() if k.startswith("machine_during_")]
if during:
    ncpu = int(one("machine_nproc"))
    parts = []
    for name, (busy, steal, total, load) in during:
        total = max(int(total), 1)
        parts.append(f"{name} {int(busy) / total * ncpu:.2f} cores busy" + (f", {int(steal) / total * ncpu:.2f} stolen" if int(steal) else "")
                     + f" (load {load})")
    print("Machine while each section ran (every process, ours included): " + "; ".join(parts))
if targets:
    print()
    print(f"{'target (issue)':<44} {'limit':<10} {'measured':<18} {'':<5} by how much")
    for name, limit, value, status, how in targets:
        print(f"{name:<44} {limit:<10} {value:<18} {status:<5} {how}")
PY
