#!/usr/bin/env bash
# The page's figures (issue 22; docs/performance.md, "The page"): against target/vedirect-logger.jar with two
# simulated devices (house: BMV-702, solar: MPPT), in Debian's headless chromium through chromedriver (Selenium):
# the bytes of a first load as sent (gzip), the time to first contentful paint (median of 5 loads), and the logger's
# RSS and CPU for BENCH_SECONDS (600) with no page open, then as long with five pages open; then what /api/history
# costs on a full store (HistoryBench: 31 days of a BMV-702 at 30 s, each range read and downsampled). Not run in CI.
#
#   bench/page.sh                      # about 20 minutes
#   BENCH_SECONDS=120 bench/page.sh    # about 5 minutes
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
ROOT=$PWD
MODULE=$ROOT/src/vedirect-logger
CP_FILE=$ROOT/target/bench-classpath.txt
die() { printf 'bench/page.sh: %s\n' "$*" >&2; exit 1; }
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || die "needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)"
if [[ "${BENCH_SKIP_BUILD:-0}" != 1 ]]; then
    echo ">> building the jar, the benchmark mains and their classpath (mvn -o package)" >&2
    mvn -q -B -o -pl src/vedirect-logger -am -DskipTests -Dinvoker.skip package dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE" >/dev/null
fi
[[ -f $ROOT/target/vedirect-logger.jar && -s $CP_FILE ]] || die "no jar or classpath: run without BENCH_SKIP_BUILD=1"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg); $(chromium --version 2>/dev/null | tail -n 1)"
java -Dbench.seconds="${BENCH_SECONDS:-600}" -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$CP_FILE")" \
    -Djava.util.logging.config.file="$MODULE/src/test/resources/logging-test.properties" io.github.vedirect.benchmark.PageBench
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); /api/history on a full store (31 days of a BMV-702 at 30 s), the logger's Pi flags:"
java -XX:+UseSerialGC -Xmx64m -XX:TieredStopAtLevel=1 -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$CP_FILE")" \
    -Djava.util.logging.config.file="$MODULE/src/test/resources/logging-test.properties" io.github.vedirect.web.HistoryBench
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
