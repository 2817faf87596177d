#!/usr/bin/env bash
# Installs the logger as a service on a Raspberry Pi (Raspberry Pi OS, Java 17): run it as root from the
# repository after `mvn -B -q package -DskipTests`. Keeps an existing application.properties and routes/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=/opt/vedirect-logger
# Where the unit lets the logger write (its StateDirectory and LogsDirectory).
data=/var/lib/vedirect-logger
logs=/var/log/vedirect-logger
id vedirect >/dev/null 2>&1 || useradd --system --no-create-home --user-group --groups dialout vedirect
install -d -o root -g root -m 0755 "$target"
install -m 0644 target/vedirect-logger.jar "$target/vedirect-logger.jar"
[ -d "$target/routes" ] || cp -r routes "$target/routes"
[ -f "$target/application.properties" ] || cat > "$target/application.properties" <<'PROPS'
# Your settings (every setting with its default: docs/configuration.md, or java -jar vedirect-logger.jar help). For example:
#vedirect.port=/dev/serial/by-id/usb-VictronEnergy_BV_VE_Direct_cable_XXXXXXXX-if00-port0
#vedirect.interval=30
#domoticz.url=http://localhost:8080
PROPS
# The service may write only in $data and $logs: point the CSV, the log and the record store there, unless already set.
grep -q '^csv\.file=' "$target/application.properties" || echo "csv.file=$data/vedirect_data.csv" >> "$target/application.properties"
grep -q '^log\.file=' "$target/application.properties" || echo "log.file=$logs/vedirect.log" >> "$target/application.properties"
grep -q '^store\.folder=' "$target/application.properties" || echo "store.folder=$data/store" >> "$target/application.properties"
# Readable by the service, which reads its settings and routes but never writes them; may hold passwords.
chown -R root:vedirect "$target"
chmod 0640 "$target/application.properties"
install -m 0644 dist/vedirect-logger.service /etc/systemd/system/vedirect-logger.service
# The AppCDS archive the unit names (-XX:SharedArchiveFile): rebuilt at every install, since it serves only the
# jar it was trained on (same path, size and time). The training run (dist/train-cds.sh: the built-in
# simulator and a scratch CSV, never your port or Domoticz, a few seconds) runs as the vedirect user with the
# unit's own flags; the archive is then installed read-only to the service. If it fails, the logger still
# starts, only slower, so the install goes on. A JDK upgrade also makes it stale: install again after one.
archive=$target/vedirect-logger.jsa
rm -f "$archive"
install -m 0755 dist/train-cds.sh "$target/train-cds.sh"
exec_start=$(sed -n 's/^ExecStart=//p' dist/vedirect-logger.service)
flags=${exec_start%% -jar *}
read -r -a train_flags <<<"${flags#* }"
for i in "${!train_flags[@]}"; do
    [[ ${train_flags[$i]} != -XX:SharedArchiveFile=* ]] || unset 'train_flags[i]'
done
scratch=$(mktemp -d)
chown vedirect:vedirect "$scratch"
if (cd "$scratch" && runuser -u vedirect -- "$target/train-cds.sh" /usr/bin/java "$target/vedirect-logger.jar" \
        "$scratch/vedirect-logger.jsa" "$target/routes" "${train_flags[@]}"); then
    install -o root -g vedirect -m 0644 "$scratch/vedirect-logger.jsa" "$archive"
else
    echo "WARNING: no AppCDS archive: the logger will start without it (slower start)" >&2
fi
rm -rf "$scratch"
systemctl daemon-reload
systemctl enable --now vedirect-logger
echo "Installed. Edit $target/application.properties, then: sudo systemctl restart vedirect-logger"
echo "CSV: $data/vedirect_data.csv   Logs: journalctl -u vedirect-logger -f   or   $logs/vedirect.log"
