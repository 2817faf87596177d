#!/usr/bin/env bash
# `java -jar vedirect-logger.jar decode FILE` against a byte-at-a-time Python decoder printing the same JSON
# lines (bench/original_parser.py --lines), on 24 MB of BMV-702 capture, wall clock, median of several runs:
# prints both medians and their ratio (the issue asks for at most 0.1). bench/README.md says how to read it.
#
#   bench/decode-vs-python.sh
#   DECODE_JAVA_RUNS=20 DECODE_PY_RUNS=5 bench/decode-vs-python.sh
#
# Environment (all optional; defaults in brackets):
#   DECODE_JAVA_RUNS     timed runs of the jar, after 2 untimed ones [10]
#   DECODE_PY_RUNS       timed runs of the Python decoder, after 1 untimed one [3]
#   DECODE_MB            size of the input, MB (10^6 bytes): the capture is repeated until it is reached [24]
#   BENCH_JAVA_OPTS      JVM flags                          [ExecStart of dist/vedirect-logger.service]
#   DECODE_JAR           the jar to time (e.g. an older build, for a before/after) [target/vedirect-logger.jar]
#   BENCH_REBUILD=1      rebuild target/vedirect-logger.jar even if it exists
#   JAVA                 java launcher                      [java]
# Uses hyperfine when it is installed (Debian: apt-get install hyperfine), else times the runs itself.
# Exit status 0 when both were measured (whether or not the ratio meets the target), non-zero when not.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "$0")/.."
ROOT=$PWD
JAVA=${JAVA:-java}
JAVA_RUNS=${DECODE_JAVA_RUNS:-10}
PY_RUNS=${DECODE_PY_RUNS:-3}
MB=${DECODE_MB:-24}
CAPTURE=$ROOT/src/camel-vedirect/src/test/resources/captures/karioja_vedirect_bvm702.bin
JAR=${DECODE_JAR:-$ROOT/target/vedirect-logger.jar}

die() { printf 'bench/decode-vs-python.sh: %s\n' "$*" >&2; exit 1; }
log() { printf '>> %s\n' "$*" >&2; }

for n in JAVA_RUNS PY_RUNS MB; do
    [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || die "$n must be a whole number > 0, not '${!n}'"
done
command -v python3 >/dev/null 2>&1 || die "python3 not found (Debian: apt-get install python3)"
command -v "$JAVA" >/dev/null 2>&1 || die "java not found (set JAVA=/path/to/java)"

# The Pi's flags, read from the unit file as bench/logger.sh reads them.
if [[ -n "${BENCH_JAVA_OPTS:-}" ]]; then
    FLAGS_FROM=BENCH_JAVA_OPTS
    read -r -a JVM_FLAGS <<<"$BENCH_JAVA_OPTS"
else
    FLAGS_FROM=dist/vedirect-logger.service
    exec_start=$(sed -n 's/^ExecStart=//p' dist/vedirect-logger.service)
    [[ $exec_start == *" -jar "* ]] || die "cannot find 'ExecStart=... java FLAGS -jar' in dist/vedirect-logger.service"
    flags=${exec_start%% -jar *}
    read -r -a JVM_FLAGS <<<"${flags#* }"
fi
for f in "${JVM_FLAGS[@]}"; do [[ $f == -* ]] || die "not a JVM flag: '$f' (from $FLAGS_FROM)"; done

if [[ -z "${DECODE_JAR:-}" ]]; then
    if [[ ! -f $JAR || "${BENCH_REBUILD:-0}" == 1 ]]; then
        log "building $JAR (mvn -o package -DskipTests)"
        mvn -q -B -o package -DskipTests -Dinvoker.skip 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
    fi
    stale=$(find src/*/src/main src/*/pom.xml pom.xml -newer "$JAR" -type f 2>/dev/null | head -n 1)
    [[ -z $stale ]] || log "WARNING: $stale is newer than the jar: this measures the jar, not the tree (BENCH_REBUILD=1)"
fi
[[ -f $JAR ]] || die "no $JAR"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vedirect-decode.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# The capture repeated whole until the file reaches the size: the same bytes each time, so every run of
# either decoder reads the same blocks.
INPUT=$WORK/bmv702-${MB}MB.bin
size=$(stat -c %s "$CAPTURE")
copies=$(((MB * 1000000 + size - 1) / size))
for ((i = 0; i < copies; i++)); do cat "$CAPTURE"; done >"$INPUT"
bytes=$(stat -c %s "$INPUT")

JAVA_CMD=("$JAVA" "${JVM_FLAGS[@]}" -jar "$JAR" decode "$INPUT")
PY_CMD=(python3 "$ROOT/bench/original_parser.py" --lines "$INPUT")

# Same lines, checked before anything is timed. The Python parser starts its checksum only at a block's
# opening CR LF and so loses the first block after each join, where the capture's cut-off last block runs
# into its beginning; apart from those its lines must be Java's, byte for byte, in the same order.
log "checking that both print the same JSON lines"
"${JAVA_CMD[@]}" >"$WORK/java.out" 2>"$WORK/java.err" || { cat "$WORK/java.err" >&2; die "the jar failed"; }
"${PY_CMD[@]}" >"$WORK/py.out" 2>"$WORK/py.err" || { cat "$WORK/py.err" >&2; die "the Python decoder failed"; }
java_lines=$(wc -l <"$WORK/java.out")
py_lines=$(wc -l <"$WORK/py.out")
extra=$(diff "$WORK/java.out" "$WORK/py.out" | grep -c '^>' || true)
missing=$(diff "$WORK/java.out" "$WORK/py.out" | grep -c '^<' || true)
((extra == 0)) || die "the Python decoder printed $extra lines the jar did not"
((missing <= copies)) || die "the Python decoder missed $missing of the jar's lines: more than one per join ($((copies - 1)))"

machine_jiffies() { awk '$1 == "cpu" {print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
read -r busy0 total0 < <(machine_jiffies)
load0=$(cut -d' ' -f1 /proc/loadavg)

# median_of FILE: the median of the numbers in FILE, one a line.
median_of() { sort -g "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

if command -v hyperfine >/dev/null 2>&1; then
    HOW="hyperfine $(hyperfine --version | cut -d' ' -f2)"
    log "timing with $HOW: jar $JAVA_RUNS runs, Python $PY_RUNS runs"
    hyperfine -N --style basic --warmup 2 --runs "$JAVA_RUNS" --output null --export-json "$WORK/java.json" \
        "$(printf '%q ' "${JAVA_CMD[@]}")" >&2
    hyperfine -N --style basic --warmup 1 --runs "$PY_RUNS" --output null --export-json "$WORK/py.json" \
        "$(printf '%q ' "${PY_CMD[@]}")" >&2
    python3 -c 'import json, sys; print("\n".join(str(t) for t in json.load(open(sys.argv[1]))["results"][0]["times"]))' \
        "$WORK/java.json" >"$WORK/java.times"
    python3 -c 'import json, sys; print("\n".join(str(t) for t in json.load(open(sys.argv[1]))["results"][0]["times"]))' \
        "$WORK/py.json" >"$WORK/py.times"
    # CPU seconds (user + system, mean of the runs; hyperfine keeps no per-run figure): on a busy machine a
    # process waits for a core longer than it computes, and this ratio says what the wall ratio would be
    # on a quiet one.
    cpu_of() { python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]; print(r["user"] + r["system"])' "$1"; }
    CPU_LINE="$(python3 -c 'import sys; j, p = map(float, sys.argv[1:]); print(f"CPU time (user + system, mean): java {j:.3f} s, python {p:.3f} s, ratio {j / p:.3f}")' \
        "$(cpu_of "$WORK/java.json")" "$(cpu_of "$WORK/py.json")")"
else
    HOW="the shell's clock (no hyperfine)"
    CPU_LINE="CPU time: not measured (install hyperfine)"
    # time_runs WARMUP RUNS OUT CMD...: wall seconds of each timed run, one a line, in OUT.
    time_runs() {
        local warmup=$1 runs=$2 out=$3 i start end
        shift 3
        for ((i = 0; i < warmup + runs; i++)); do
            start=${EPOCHREALTIME/./}
            "$@" >/dev/null 2>&1 || die "run failed: $*"
            end=${EPOCHREALTIME/./}
            ((i < warmup)) || echo "$(((end - start) / 1000)).$(printf '%03d' $(((end - start) % 1000)))e-3"
        done >"$out"
    }
    log "timing with $HOW: jar $JAVA_RUNS runs, Python $PY_RUNS runs"
    time_runs 2 "$JAVA_RUNS" "$WORK/java.times" "${JAVA_CMD[@]}"
    time_runs 1 "$PY_RUNS" "$WORK/py.times" "${PY_CMD[@]}"
fi

read -r busy1 total1 < <(machine_jiffies)
load1=$(cut -d' ' -f1 /proc/loadavg)

java_median=$(median_of "$WORK/java.times")
py_median=$(median_of "$WORK/py.times")
python3 - "$java_median" "$py_median" "$WORK/java.times" "$WORK/py.times" <<PY
import sys
java, py = float(sys.argv[1]), float(sys.argv[2])
runs = lambda path: ", ".join(f"{float(t):.3f}" for t in open(path).read().split())
ratio = java / py
print("decode vs a byte-at-a-time Python decoder printing the same JSON lines, $(date '+%Y-%m-%d %H:%M:%S %Z')")
print(f"input: karioja_vedirect_bvm702.bin x $copies = $bytes bytes; jar: $java_lines lines, Python: $py_lines lines "
      f"(the $missing it lacks are the first block after each join; every other line identical)")
print(f"$JAVA ${JVM_FLAGS[*]} -jar $JAR decode FILE > /dev/null")
print(f"      median {java:.3f} s of $JAVA_RUNS runs ({runs(sys.argv[3])})")
print(f"python3 bench/original_parser.py --lines FILE > /dev/null")
print(f"      median {py:.3f} s of $PY_RUNS runs ({runs(sys.argv[4])})")
verdict = "PASS" if ratio <= 0.1 else "MISS"
print(f"ratio java/python: {ratio:.3f} (target <= 0.1: {verdict}, aim 0.07)")
PY
echo "$CPU_LINE"
cores=$(nproc)
busy=$(python3 -c "print(f'{($busy1 - $busy0) / max(1, $total1 - $total0) * $cores:.2f}')")
echo "timed with $HOW; JVM flags from $FLAGS_FROM"
echo "machine: $cores CPUs, $(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1); $("$JAVA" -version 2>&1 | head -n 1); Python $(python3 -c 'import platform; print(platform.python_version())')"
echo "load while timing: $busy of $cores cores busy on average (every process, these runs included); load average $load0 before, $load1 after"
