#!/usr/bin/env bash
# Twenty devices on one logger (issue 11): 20 simulated devices (simulator: sources, one block a second
# each, BMV-702 / SmartShunt / MPPT / split MPPT in turn) through the real routes, Domoticz (parser mode)
# and CSV, on the Raspberry Pi's JVM flags from dist/vedirect-logger.service. Prints peak RSS, CPU as a
# share of one core, and the upload age p99. Not run in CI.
#
#   bench/many-devices.sh                   # 20 devices, 15 s warm-up, 60 s window (about 1.5 minutes)
#   BENCH_DEVICES=3 BENCH_SECONDS=30 bench/many-devices.sh
#
# Upload age: a simulator: source hands a device's block over the moment it is due, every 1000 ms from
# the device's start, so a device's records complete on a fixed grid (2 s for two blocks a record, 1 s for
# the single-block MPPT). The fake
# Domoticz (a small Python HTTP server answering as Domoticz does, so that its work is not the logger's)
# notes when each device's upload arrives; the age of an upload is its arrival after the grid point
# before it, the grid being anchored at that device's fastest upload. So the figure is the age above the
# fastest upload, which the end-to-end suite (ManyDevicesIT, real pseudo-terminals) measures at a few ms.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
ROOT=$PWD
JAVA=${JAVA:-java}
DEVICES=${BENCH_DEVICES:-20}
WARMUP=${BENCH_WARMUP:-15}
SECONDS_WINDOW=${BENCH_SECONDS:-60}
die() { printf 'bench/many-devices.sh: %s\n' "$*" >&2; exit 1; }
command -v python3 >/dev/null || die "python3 is needed"
JAR=$ROOT/target/vedirect-logger.jar
[[ -f $JAR ]] || { echo ">> building $JAR" >&2; mvn -B -q -o package -DskipTests -Dinvoker.skip >/dev/null; }
exec_start=$(sed -n 's/^ExecStart=//p' dist/vedirect-logger.service)
flags=${exec_start%% -jar *}
read -r -a JVM_FLAGS <<<"${flags#* }"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vedirect-many.XXXXXX")
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# The fake Domoticz: answers {"status":"OK"} and writes "arrival device" per upload.
python3 - "$WORK/uploads.txt" "$WORK/port" <<'PY' &
import http.server, json, sys, time, urllib.parse
out = open(sys.argv[1], "w", buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        at = time.time()
        # Split the raw query before decoding, as Domoticz does.
        params = dict(p.split("=", 1) for p in self.path.split("?", 1)[1].split("&") if "=" in p)
        data = json.loads(urllib.parse.unquote(params.get("data", "%7B%7D")))
        out.write(f"{at:.6f} {data.get('device')}\n")
        body = b'{"status":"OK","title":"Update Device"}'
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[2], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
PIDS+=($!)
for _ in $(seq 100); do [[ -s $WORK/port ]] && break; sleep 0.1; done
PORT=$(cat "$WORK/port")

MODELS=(bmv702 smartshunt mppt mppt-split)
ARGS=()
for ((i = 1; i <= DEVICES; i++)); do
    ARGS+=("-Dvedirect.port.dev$(printf %02d "$i")=simulator:${MODELS[$(((i - 1) % 4))]}?blockInterval=1000&simulatorSeed=$i")
done
mkdir -p "$WORK/logger"
(cd "$WORK/logger" && exec "$JAVA" "${JVM_FLAGS[@]}" -Droutes.folder="$ROOT/routes" -Dlog.file= -Dvedirect.interval=1 \
    -Ddomoticz.url="http://127.0.0.1:$PORT" "${ARGS[@]}" -jar "$JAR") >"$WORK/logger/console.log" 2>&1 &
LOGGER=$!
PIDS+=($LOGGER)
echo ">> $DEVICES devices; warming up $WARMUP s, then measuring $SECONDS_WINDOW s" >&2
sleep "$WARMUP"
kill -0 "$LOGGER" 2>/dev/null || { tail -20 "$WORK/logger/console.log"; die "the logger exited"; }
ticks() { awk '{print $14 + $15}' "/proc/$LOGGER/stat"; }
t0=$(ticks); s0=$EPOCHREALTIME
sleep "$SECONDS_WINDOW"
t1=$(ticks); s1=$EPOCHREALTIME
hwm=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$LOGGER/status")
threads=$(awk '$1 == "Threads:" {print $2}' "/proc/$LOGGER/status")
csv_files=$(ls "$WORK/logger"/vedirect_data-*.csv 2>/dev/null | wc -l)
python3 - "$WORK/uploads.txt" "$s0" "$s1" "$t0" "$t1" "$(getconf CLK_TCK)" "$hwm" "$DEVICES" "$threads" "$csv_files" <<'PY'
import sys, collections
path, s0, s1, t0, t1, tck, hwm, devices, threads, csv_files = sys.argv[1:]
s0, s1 = float(s0), float(s1)
by = collections.defaultdict(list)
for line in open(path):
    at, dev = line.split()
    by[dev].append(float(at))
ages = []
uploads = 0
for dev, times in by.items():
    window = [t for t in times if s0 <= t < s1]
    uploads += len(window)
    if not window:
        continue
    # A single-block MPPT completes a record every second, the others every two.
    period = 1.0 if len(window) > 0.75 * (s1 - s0) else 2.0
    phases = [t % period for t in window]
    # The grid's phase: the upload phase that leaves every other upload shortest after a grid point.
    anchor = min(phases, key=lambda f: max((r - f) % period for r in phases))
    ages += [((r - anchor) % period) * 1000 for r in phases]
ages.sort()
p = lambda q: ages[min(len(ages) - 1, int(q * len(ages)))] if ages else float("nan")
cpu = (int(t1) - int(t0)) / int(tck) / (s1 - s0) * 100
print(f"devices {devices}, window {s1 - s0:.0f} s, uploads {uploads} from {len([d for d in by if d != 'None'])} devices "
      f"(5 MPPTs a record a second, the others one every 2 s), {csv_files} CSV files, {threads} threads")
print(f"peak RSS (VmHWM)   {int(hwm) / 1000:.1f} MB ({int(hwm) / 1024:.1f} MiB)   target <= 128 MB")
print(f"CPU                {cpu:.2f} % of a core                 target <= 5 %")
print(f"upload age         median {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {ages[-1] if ages else float('nan'):.1f} ms (above each device's fastest upload)")
PY
