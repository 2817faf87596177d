#!/usr/bin/env bash
# Prometheus endpoint: the logger's own /metrics (status.port, the JDK's HTTP server) against Camel's own
# observability (camel-platform-http-main on Vert.x + camel-micrometer-prometheus, /observe/metrics and
# /observe/health on Camel's management server) - issue 12, point 5. Not run in CI.
#
# Both run the default configuration (the simulated BMV-702, CSV, interval 30 s) with the Raspberry Pi's
# JVM flags from dist/vedirect-logger.service, for BENCH_SECONDS (60) each, while curl scrapes the
# metrics endpoint every 5 s; BENCH_RUNS (3) runs of each, alternating. Prints, per run and as the
# median: peak RSS (VmHWM) and RSS (VmRSS) at the end of the window, start-up (JVM exec to the first
# "Receiving valid blocks" line), the process's CPU time, the scrapes answered; the jar sizes; the load
# (uptime) before every run and at the end.
#
#   our:    target/vedirect-logger.jar (built if missing) with -Dstatus.port=18190, scraping /metrics
#   camel:  the same tree with camel-platform-http-main and camel-micrometer-prometheus added to
#           src/vedirect-logger/pom.xml (versions from the Camel BOM), built in a temporary git worktree
#           under /tmp that is removed afterwards; run with status.port off and
#           camel.management.enabled=true, .port=18191, .metricsEnabled=true, .healthCheckEnabled=true,
#           camel.metrics.enabled=true, scraping /observe/metrics.
#
#   bench/observability.sh                        # about 8 minutes with the variant's build; the first
#                                                 # scrape of each run, at 0 s, is refused: the server is not up yet
#   BENCH_RUNS=1 BENCH_SECONDS=30 bench/observability.sh
#   BENCH_CAMEL_JAR=/path/to/variant.jar bench/observability.sh   # reuse a variant jar, no build
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
ROOT=$PWD
JAVA=${JAVA:-java}
RUNS=${BENCH_RUNS:-3}
WINDOW=${BENCH_SECONDS:-60}
OUR_PORT=${BENCH_OUR_PORT:-18190}
CAMEL_PORT=${BENCH_CAMEL_PORT:-18191}
die() { printf 'bench/observability.sh: %s\n' "$*" >&2; exit 1; }
command -v curl >/dev/null || die "curl is needed"
command -v python3 >/dev/null || die "python3 is needed"

exec_start=$(sed -n 's/^ExecStart=//p' dist/vedirect-logger.service)
[[ $exec_start == *" -jar "* ]] || die "cannot find 'ExecStart=... java FLAGS -jar' in dist/vedirect-logger.service"
flags=${exec_start%% -jar *}
read -r -a JVM_FLAGS <<<"${flags#* }"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vedirect-obs.XXXXXX")
VARIANT=
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [[ -n $VARIANT ]]; then git -C "$ROOT" worktree remove --force "$VARIANT" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

OUR_JAR=$ROOT/target/vedirect-logger.jar
if [[ ! -f $OUR_JAR ]]; then
    echo ">> building $OUR_JAR" >&2
    mvn -B -q package -DskipTests -Dinvoker.skip >"$WORK/build-our.log" 2>&1 || { tail -30 "$WORK/build-our.log"; die "build failed"; }
fi
CAMEL_JAR=${BENCH_CAMEL_JAR:-}
if [[ -z $CAMEL_JAR ]]; then
    VARIANT=$(mktemp -u "${TMPDIR:-/tmp}/vedirect-obs-variant.XXXXXX")
    echo ">> building the Camel-observability variant in $VARIANT (a temporary git worktree of HEAD)" >&2
    git worktree add --detach "$VARIANT" HEAD >/dev/null 2>&1 || die "git worktree add failed"
    python3 - "$VARIANT/src/vedirect-logger/pom.xml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
anchor = '    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-jdk14</artifactId></dependency>\n'
assert anchor in s, "pom.xml anchor not found"
add = ('    <dependency><groupId>org.apache.camel</groupId><artifactId>camel-platform-http-main</artifactId></dependency>\n'
       '    <dependency><groupId>org.apache.camel</groupId><artifactId>camel-micrometer-prometheus</artifactId></dependency>\n')
open(p, "w").write(s.replace(anchor, add + anchor, 1))
PY
    (cd "$VARIANT" && mvn -B -q package -DskipTests -Dinvoker.skip) >"$WORK/build-camel.log" 2>&1 \
        || { tail -30 "$WORK/build-camel.log"; die "the variant's build failed"; }
    CAMEL_JAR=$WORK/vedirect-logger-camel-observability.jar
    cp "$VARIANT/target/vedirect-logger.jar" "$CAMEL_JAR"
fi

# run NAME N JAR URL ARGS...: one run; appends "name hwm_kB rss_kB startup_s cpu_s scrapes_ok scrapes" to results.
run() {
    local name=$1 n=$2 jar=$3 url=$4
    shift 4
    local dir=$WORK/$name-$n
    mkdir -p "$dir"
    echo "load before $name run $n: $(uptime | sed 's/.*load average/load average/')" | tee -a "$WORK/load.txt" >&2
    (
        cd "$dir"
        printf '%s\n' "$EPOCHREALTIME" >t0
        exec "$JAVA" "${JVM_FLAGS[@]}" -Droutes.folder="$ROOT/routes" "$@" -jar "$jar"
    ) >"$dir/console.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    local start=$EPOCHREALTIME
    # curl every 5 s from the JVM's start (connection refused until the server is up).
    (
        while :; do
            code=$(curl -s -m 3 -o "$dir/scrape.txt" -w '%{http_code}' "$url" || true)
            echo "$code" >>"$dir/scrapes"
            sleep 5
        done
    ) &
    local scraper=$!
    PIDS+=("$scraper")
    sleep "$WINDOW"
    kill -0 "$pid" 2>/dev/null || { tail -25 "$dir/console.log" >&2; die "$name run $n: the logger exited"; }
    local hwm rss ticks threads
    hwm=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$pid/status")
    rss=$(awk '$1 == "VmRSS:" {print $2}' "/proc/$pid/status")
    threads=$(awk '$1 == "Threads:" {print $2}' "/proc/$pid/status")
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    kill "$scraper" 2>/dev/null || true
    wait "$scraper" 2>/dev/null || true
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    local ok total
    ok=$(grep -c '^200$' "$dir/scrapes" || true)
    total=$(wc -l <"$dir/scrapes")
    local startup
    startup=$(python3 - "$dir" <<'PY'
import datetime, re, sys
folder = sys.argv[1]
t0 = float(open(f"{folder}/t0").read())
for line in open(f"{folder}/console.log", errors="replace"):
    m = re.match(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) ", line)
    if m and "Receiving valid blocks" in line:
        print(f"{datetime.datetime.strptime(m.group(1), '%Y-%m-%d %H:%M:%S.%f').timestamp() - t0:.3f}")
        break
else:
    print("nan")
PY
    )
    local cpu
    cpu=$(python3 -c "print(f'{$ticks / $(getconf CLK_TCK):.2f}')")
    echo "$name $hwm $rss $startup $cpu $ok $total $threads" >>"$WORK/results"
    printf '%-6s run %d: peak RSS %.1f MB, RSS %.1f MB, start-up %s s, CPU time %s s, threads %s, scrapes %s/%s answered 200\n' \
        "$name" "$n" "$(awk -v k="$hwm" 'BEGIN {print k / 1000}')" "$(awk -v k="$rss" 'BEGIN {print k / 1000}')" "$startup" "$cpu" "$threads" "$ok" "$total" >&2
    if ((n == 1)); then
        echo "--- $name: first lines of the last scrape of $url" >&2
        head -n 6 "$dir/scrape.txt" >&2 || true
        if [[ $name == camel ]]; then
            echo "--- camel: http://127.0.0.1:$CAMEL_PORT/observe/health was: $(cat "$dir/health.txt" 2>/dev/null)" >&2
        fi
    fi
}

echo "vedirect-logger: /metrics (status.port) vs Camel's observability, $(date '+%Y-%m-%d %H:%M:%S %Z')"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), $("$JAVA" -version 2>&1 | head -1)"
echo "tree: $(git rev-parse --short HEAD); JVM flags: ${JVM_FLAGS[*]}"
echo "window ${WINDOW} s per run, ${RUNS} runs each, a scrape every 5 s"
echo

CAMEL_ARGS=(-Dcamel.management.enabled=true -Dcamel.management.host=127.0.0.1 -Dcamel.management.port="$CAMEL_PORT"
    -Dcamel.management.metricsEnabled=true -Dcamel.management.healthCheckEnabled=true -Dcamel.metrics.enabled=true)
for ((n = 1; n <= RUNS; n++)); do
    run our "$n" "$OUR_JAR" "http://127.0.0.1:$OUR_PORT/metrics" -Dstatus.port="$OUR_PORT"
    # /observe/health once, 20 s into the first run of the variant (which starts now), to show it answers.
    if ((n == 1)); then
        ( sleep 20; curl -s -m 3 -w ' (HTTP %{http_code})' "http://127.0.0.1:$CAMEL_PORT/observe/health" >"$WORK/camel-1/health.txt" 2>/dev/null || true ) &
        PIDS+=($!)
        mkdir -p "$WORK/camel-1"
    fi
    run camel "$n" "$CAMEL_JAR" "http://127.0.0.1:$CAMEL_PORT/observe/metrics" "${CAMEL_ARGS[@]}"
done
echo "load at the end: $(uptime | sed 's/.*load average/load average/')" | tee -a "$WORK/load.txt" >&2

echo
python3 - "$WORK/results" "$OUR_JAR" "$CAMEL_JAR" <<'PY'
import os, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, *v = line.split()
    rows.setdefault(name, []).append([float(x) for x in v])
jars = {"our": sys.argv[2], "camel": sys.argv[3]}
label = {"our": "logger's /metrics (status.port, JDK HTTP server)",
         "camel": "Camel observability (platform-http-main/Vert.x + micrometer-prometheus)"}
print(f"{'variant':<72} {'peak RSS':>9} {'RSS':>9} {'start-up':>9} {'CPU time':>9} {'jar':>12}")
for name in ("our", "camel"):
    runs = rows.get(name, [])
    if not runs:
        continue
    med = [statistics.median(col) for col in zip(*runs)]
    size = os.path.getsize(jars[name])
    print(f"{label[name]:<72} {med[0] / 1000:7.1f}MB {med[1] / 1000:7.1f}MB {med[2]:8.2f}s {med[3]:8.2f}s {size:>12,}"
          f"   (median of {len(runs)}; {int(min(r[4] for r in runs))}+ of {int(max(r[5] for r in runs))} scrapes answered; {int(med[6])} threads)")
PY
echo
cat "$WORK/load.txt"
