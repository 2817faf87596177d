#!/usr/bin/env bash
# Runs .ci/run N times in a row, each on a fresh clone of this repository at one commit, and prints a summary line
# per run (tests run and failed, time, load average) and the failures' lines: the "five runs in a row" of issue 18.
# Needs what .ci/run needs (root, apt). Runs one after the other: two at once would collide in deb-test.
#   .ci/repeat.sh [N=5] [COMMIT=HEAD] [WORK=/tmp/vedirect-repeat]
# Touch WORK/STOP to end after the run in progress. Start another build beside it to load the machine.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-5}
commit=$(git -C "$repo" rev-parse --short "${2:-HEAD}")
work=${3:-/tmp/vedirect-repeat}
mkdir -p "$work"
for i in $(seq 1 "$n"); do
    [[ -f $work/STOP ]] && break
    clone=$work/run$i
    rm -rf "$clone"
    git clone -q "$repo" "$clone" && git -C "$clone" checkout -q "$commit"
    start=$(date +%s)
    (cd "$clone" && CI=true bash .ci/run </dev/null >"$clone.log" 2>&1)
    rc=$?
    tests=$(grep -E "^\[(INFO|WARNING|ERROR)\] Tests run:" "$clone.log" | grep -v " -- in " |
        awk -F'[:,]' '{r += $2; f += $4; e += $6} END {print r " run, " f " failures, " e " errors"}')
    echo "run $i commit $commit rc=$rc $(($(date +%s) - start)) s, load $(cut -d' ' -f1-3 /proc/loadavg): $tests" | tee -a "$work/summary.txt"
    grep -E "FAIL|Tests run:.*(Failures: [1-9]|Errors: [1-9])" "$clone.log" | head -20 | tee -a "$work/summary.txt"
done
