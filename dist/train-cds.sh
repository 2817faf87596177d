#!/usr/bin/env bash
# Builds the logger's AppCDS archive (a JDK 17 dynamic class-data-sharing archive): the classes a start-up
# loads, already parsed and verified, which the JVM then maps from the file instead of reading them from the
# jar. Used by the Debian package's postinst at every install (an archive only serves the jar it was built from) and
# by bench/startup.sh.
#
#   dist/train-cds.sh JAVA JAR ARCHIVE ROUTES_FOLDER [JVM FLAGS...]
#
# A training run: JAR with the FLAGS (the unit's, minus -XX:SharedArchiveFile) and -XX:ArchiveClassesAtExit,
# in an empty scratch folder, so with the built-in defaults whatever the installed application.properties
# says: the simulated BMV-702 and a scratch CSV, never the real port, Domoticz or any other destination. It
# stops the logger (SIGTERM, as systemd does) once the first CSV line is written, so the classes of reading,
# joining and writing a record are in the archive; the JVM writes the archive as it exits. JAR must be given
# by the path the service uses: the archive records it and is refused for any other jar.
set -euo pipefail
[[ $# -ge 4 ]] || { echo "usage: $0 JAVA JAR ARCHIVE ROUTES_FOLDER [JVM FLAGS...]" >&2; exit 2; }
java=$1 jar=$2 archive=$3 routes=$4
shift 4
scratch=$(mktemp -d)
pid=
trap '[[ -z $pid ]] || kill -KILL "$pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT
rm -f "$archive"
(
    cd "$scratch"
    # -D: the built-in simulator, CSV and record store whatever the settings say, also the installed package's defaults.
    exec "$java" "$@" -XX:ArchiveClassesAtExit="$archive" -Droutes.folder="$routes" -Dlog.file= -Dvedirect.port= \
        -Dcsv.file=vedirect_data.csv -Dstore.folder=store -Dhistory.file= -Dstatus.port= -jar "$jar"
) >"$scratch/console.log" 2>&1 &
pid=$!
for ((i = 0; i < 600; i++)); do
    [[ -f $scratch/vedirect_data.csv ]] && (($(wc -l <"$scratch/vedirect_data.csv") >= 2)) && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
kill -TERM "$pid" 2>/dev/null || true
status=0
wait "$pid" || status=$?
pid=
# 143: stopped by SIGTERM, the way the service stops.
if [[ $status != 0 && $status != 143 ]] || [[ ! -s $archive ]]; then
    echo "train-cds.sh: no archive written (exit status $status); the logger said:" >&2
    tail -n 20 "$scratch/console.log" >&2
    exit 1
fi
echo "AppCDS archive: $archive ($(du -k "$archive" | cut -f1) KiB)"
