#!/usr/bin/env bash
# JMH benchmark of VeDirectDecoder on the real captures: MB/s, blocks/s, bytes allocated per block.
#
#   bench/decoder.sh                      # defaults below: 1 fork, 1 thread, ~20 s per case, ~2 min in all
#   JMH_I=10 JMH_R=5s bench/decoder.sh    # longer measurement
#   JMH_BENCH='DecoderBenchmark.decode$' JMH_ARGS='-p capture=karioja_vedirect_bvm702.bin' bench/decoder.sh
#   JMH_ARGS='-prof stack' bench/decoder.sh
#
# Environment (all optional):
#   JMH_BENCH      benchmark regex                        (DecoderBenchmark)
#   JMH_FORKS      forks per case                         (1)
#   JMH_WI, JMH_W  warmup iterations, time per iteration  (3, 2s)
#   JMH_I,  JMH_R  measurement iterations, time           (5, 2s)
#   JMH_PROF       profilers, space-separated             (gc; bytes/block needs it)
#   JMH_ARGS       extra JMH arguments, appended verbatim (e.g. -p capture=..., -jvmArgsAppend ...)
#   JAVA           java launcher                          (java)
#   SKIP_BUILD=1   reuse target/ as it is
# Results: target/jmh-decoder.json (JMH JSON) and target/jmh-decoder.log (JMH's text output).
# A benchmark that fails its block-count check (see DecoderBenchmark) fails the script (-foe true).
set -euo pipefail

cd "$(dirname "$0")/.."
JAVA=${JAVA:-java}
# The JMH benchmark lives in the component module's tests.
MODULE=src/camel-vedirect
CP_FILE=target/bench-classpath.txt
JSON=target/jmh-decoder.json
LOG=target/jmh-decoder.log

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    echo ">> mvn -o -pl $MODULE test-compile" >&2
    mkdir -p target
    # (sed: this Maven prints colour resets even with -B -q)
    mvn -q -B -o -DskipTests -pl "$MODULE" test-compile 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
    mvn -q -B -o -pl "$MODULE" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$CP_FILE" 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
fi
[[ -s "$CP_FILE" ]] || { echo "missing $CP_FILE: run without SKIP_BUILD=1" >&2; exit 1; }
[[ -f $MODULE/target/test-classes/META-INF/BenchmarkList ]] || { echo "no JMH BenchmarkList in $MODULE/target/test-classes (annotation processor did not run?)" >&2; exit 1; }

prof_args=()
for p in ${JMH_PROF-gc}; do prof_args+=(-prof "$p"); done
# shellcheck disable=SC2206  # JMH_ARGS is meant to be word-split
extra_args=(${JMH_ARGS:-})

cmd=("$JAVA" -cp "$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$CP_FILE")" org.openjdk.jmh.Main
     "${JMH_BENCH:-DecoderBenchmark}"
     -t 1 -foe true -f "${JMH_FORKS:-1}" -wi "${JMH_WI:-3}" -w "${JMH_W:-2s}" -i "${JMH_I:-5}" -r "${JMH_R:-2s}"
     "${prof_args[@]}" -rf json -rff "$JSON" "${extra_args[@]}")
echo ">> ${cmd[*]}" | sed "s|$(cat "$CP_FILE")|\$(cat $CP_FILE)|" >&2
"$JAVA" -version 2>&1 | sed 's/^/>> /' >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
"${cmd[@]}" 2>&1 | tee "$LOG"

echo
echo "Machine: $(nproc) CPUs, $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1); $("$JAVA" -version 2>&1 | head -2 | tail -1)"
# One benchmark thread: a load average well above 1 means other processes shared the cores, and
# the figures are low and noisy (wall-clock throughput).
echo "Load average before: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
if command -v python3 >/dev/null 2>&1; then
    python3 - "$JSON" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print(f"{'benchmark':<20} {'capture':<38} {'MB/s':>18} {'blocks/s':>12} {'blocks/op':>9} {'B alloc/block':>13}")
for r in rows:
    name = r["benchmark"].rsplit(".", 1)[-1]
    cap = r.get("params", {}).get("capture", "?")
    pm, sec = r["primaryMetric"], r.get("secondaryMetrics", {})
    if pm["scoreUnit"] != "ops/s" or "bytes" not in sec:
        print(f"{name:<20} {cap:<38} (not a throughput run of DecoderBenchmark: {pm['score']:.4g} {pm['scoreUnit']})")
        continue
    mb, mb_err = float(sec["bytes"]["score"]) / 1e6, float(sec["bytes"]["scoreError"]) / 1e6  # "NaN" with 1 iteration
    blocks_s = sec["blocks"]["score"]
    blocks_op = blocks_s / pm["score"]
    norm = sec.get("gc.alloc.rate.norm")
    alloc = f"{norm['score'] / blocks_op:13.1f}" if norm and blocks_op else f"{'n/a':>13}"
    err = f"{mb_err:.1f}" if mb_err == mb_err else "n/a"   # NaN with a single iteration
    print(f"{name:<20} {cap:<38} {mb:9.1f} ± {err:>6} {blocks_s:12.0f} {blocks_op:9.0f} {alloc}")
print("MB = 10^6 bytes; error = JMH's 99.9% interval; B alloc/block = gc.alloc.rate.norm / blocks per pass.")
PY
else
    # No python3: read JMH's own text summary (same figures, less arithmetic done for you).
    echo "(python3 not found: table from $LOG)"
    awk '
        $1 ~ /^DecoderBenchmark\./ && ($NF == "ops/s" || $NF == "B/op") {
            split($1, parts, ":"); bench = parts[1]; metric = (2 in parts) ? parts[2] : "ops"
            key = bench " " $2; keys[key] = 1
            val[key, metric] = $(NF-3); err[key, metric] = $(NF-1)
        }
        END {
            printf "%-48s %-38s %18s %12s %13s\n", "benchmark", "capture", "MB/s", "blocks/s", "B alloc/block"
            for (k in keys) {
                split(k, kp, " ")
                mb = val[k, "bytes"] / 1e6; me = err[k, "bytes"] / 1e6
                bo = (val[k, "ops"] > 0) ? val[k, "blocks"] / val[k, "ops"] : 0
                al = (bo > 0 && (k SUBSEP "gc.alloc.rate.norm") in val) ? sprintf("%.1f", val[k, "gc.alloc.rate.norm"] / bo) : "n/a"
                printf "%-48s %-38s %9.1f ± %6.1f %12.0f %13s\n", kp[1], kp[2], mb, me, val[k, "blocks"], al
            }
        }' "$LOG" | { IFS= read -r header; echo "$header"; sort; }
fi
