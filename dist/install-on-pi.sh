#!/usr/bin/env bash
# Installs the logger as a service on a Raspberry Pi (Raspberry Pi OS, Java 17): run it as root from the
# repository after `mvn -B -q package -DskipTests`. Keeps an existing application.properties and routes/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=/opt/vedirect-logger
id vedirect >/dev/null 2>&1 || useradd --system --no-create-home --groups dialout vedirect
install -d -o vedirect -g dialout "$target"
install -m 0644 target/vedirect-logger.jar "$target/vedirect-logger.jar"
[ -d "$target/routes" ] || cp -r routes "$target/routes"
[ -f "$target/application.properties" ] || cat > "$target/application.properties" <<'PROPS'
# Your settings (see the built-in defaults in README.md). For example:
#vedirect.port=/dev/serial/by-id/usb-VictronEnergy_BV_VE_Direct_cable_XXXXXXXX-if00-port0
#vedirect.interval=30
#domoticz.url=http://localhost:8080
PROPS
chown -R vedirect:dialout "$target"
install -m 0644 dist/vedirect-logger.service /etc/systemd/system/vedirect-logger.service
systemctl daemon-reload
systemctl enable --now vedirect-logger
echo "Installed. Edit $target/application.properties, then: sudo systemctl restart vedirect-logger"
echo "Logs: journalctl -u vedirect-logger -f   or   $target/vedirect.log"
