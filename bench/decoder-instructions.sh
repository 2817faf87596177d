#!/usr/bin/env bash
# Instructions per block of VeDirectDecoder, counted by valgrind (callgrind), which a loaded machine does not
# distort as it does JMH's wall-clock figures: DecoderPasses decodes the three JMH captures P1 and P2 times,
# one long-lived decoder per capture, and (Ir(P2) - Ir(P1)) / (blocks(P2) - blocks(P1)) is the steady-state
# cost per block (JVM start-up and JIT compilation cancel out; -Xbatch compiles in the foreground, since
# under valgrind a background compiler thread would leave the decoder interpreted for most of the run).
#
#   bench/decoder-instructions.sh                       # this tree (mvn test-compile first)
#   CLASSES=/tmp/dec-before/src/camel-vedirect/target/classes bench/decoder-instructions.sh   # another build
#   P1=20 P2=80 (defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE=src/camel-vedirect
CLASSES=${CLASSES:-$MODULE/target/classes}
P1=${P1:-20}
P2=${P2:-80}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" -cp "$CLASSES" $MODULE/src/test/java/io/github/vedirect/benchmark/DecoderPasses.java
captures=()
for c in karioja_vedirect_bvm702.bin karioja_vedirect_smartsolar_1.39.bin karioja_vedirect_bluesolar_1.23.bin; do
    captures+=("$MODULE/src/test/resources/captures/$c")
done
run() {
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.$1" java -XX:+UnlockDiagnosticVMOptions -XX:-ImplicitNullChecks \
        -Xbatch -XX:+UseSerialGC -Xmx256m -cp "$work:$CLASSES" io.github.vedirect.benchmark.DecoderPasses "$1" "${captures[@]}" \
        > "$work/log.$1" 2>&1
    local ir blocks
    ir=$(sed -n 's/.*Collected : //p' "$work/log.$1")
    blocks=$(sed -n 's/^passes [0-9]*: [0-9]* bytes, \([0-9]*\) blocks.*/\1/p' "$work/log.$1")
    echo "$ir $blocks"
}
read -r ir1 blocks1 < <(run "$P1")
read -r ir2 blocks2 < <(run "$P2")
echo "passes $P1: $ir1 instructions, $blocks1 blocks; passes $P2: $ir2 instructions, $blocks2 blocks"
echo "instructions per block: $(( (ir2 - ir1) / (blocks2 - blocks1) ))"
