#!/usr/bin/env bash
# The Debian package as a user meets it, on this machine, as root (CI runs it from .ci/run after `mvn -B verify`,
# which built target/vedirect-logger_VERSION_all.deb): lintian, apt-get install, the command and the unit, owners
# and modes, a first run without a cable, an upgrade that keeps an edited conffile and a user route, remove,
# purge. It installs the package and creates the vedirect user, and takes both away again at the end, also on
# failure; it refuses to run where the package or the user already exist. No systemd runs in CI containers: the
# maintainer scripts must work without it, and the service is never started here.
#   .ci/deb-test.sh [DEB]
# Prints "deb-test: PASS" or "deb-test: FAIL: what" and exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "deb-test: FAIL: $*" >&2; exit 1; }
step() { echo "deb-test: [$((SECONDS))s] $*"; }
[[ $(id -u) == 0 ]] || fail "run as root (it installs the package)"
debs=(target/vedirect-logger_*_all.deb)
deb=$(realpath "${1:-${debs[-1]}}")
[[ -f $deb ]] || fail "no package: run mvn -B package first"
! dpkg -s vedirect-logger >/dev/null 2>&1 || fail "vedirect-logger is installed on this machine already: not touching it"
! getent passwd vedirect >/dev/null || fail "a vedirect user exists on this machine already: not touching it"

work=$(mktemp -d)
logger_pid=
cleanup() {
    # runuser and the logger it started: killing runuser alone would leave the JVM behind.
    [[ -z $logger_pid ]] || { kill -KILL "$logger_pid" 2>/dev/null; pkill -KILL -u vedirect; } || true
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq vedirect-logger >/dev/null 2>&1 || true
    rm -rf /var/lib/vedirect-logger "$work"
    if getent passwd vedirect >/dev/null; then deluser --quiet vedirect >/dev/null 2>&1 || userdel vedirect || true; fi
    if getent group vedirect >/dev/null; then delgroup --quiet vedirect >/dev/null 2>&1 || groupdel vedirect || true; fi
}
trap cleanup EXIT
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -y -qq -o Dpkg::Use-Pty=0 "$@"; }
owner_mode() { [[ $(stat -c '%U:%G %a' "$1") == "$2" ]] || fail "$1 is $(stat -c '%U:%G %a' "$1"), not $2"; }

# Runs the installed logger as `vedirect-logger` alone does (the unit's command line, as the vedirect user),
# until each LINE is in its output (at most 60 s; it starts in about a second), then stops it as systemd would.
run_until() {
    local out=$work/run.log line i
    # Emptied here, before the logger starts, not by its redirection, which the child does a moment later: a line the
    # last run left ended the wait at once, and the SIGTERM then reached a shell not yet the logger and was lost
    # (this script traps EXIT, so its forked child briefly has bash's handler): a CI run hung in `wait` for 19 min.
    : >"$out"
    vedirect-logger >>"$out" 2>&1 &
    logger_pid=$!
    for ((i = 0; i < 600; i++)); do
        all=1
        for line in "$@"; do grep -qF -- "$line" "$out" || all=0; done
        ((all)) && break
        kill -0 "$logger_pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -TERM "$logger_pid" 2>/dev/null || true
    # The logger stops within seconds of SIGTERM (ProcessFaultsIT); one that has not after 30 s is a finding, and
    # must not hold up CI until its time limit.
    for ((i = 0; i < 300; i++)); do
        kill -0 "$logger_pid" 2>/dev/null || break
        sleep 0.1
    done
    # cleanup (on exit) kills it: logger_pid stays set.
    if kill -0 "$logger_pid" 2>/dev/null; then cat "$out" >&2; fail "the logger did not stop within 30 s of SIGTERM"; fi
    wait "$logger_pid" || true
    logger_pid=
    for line in "$@"; do grep -qF -- "$line" "$out" || { cat "$out" >&2; fail "the logger never said: $line"; }; done
}

step "package $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"
lintian_status=0
lintian_out=$(lintian --fail-on error --tag-display-limit 0 "$deb" 2>&1) || lintian_status=$?
grep -v 'running with root privileges' <<<"$lintian_out" | sed 's/^/deb-test: lintian: /' || true
[[ $lintian_status == 0 ]] || fail "lintian found errors"

step "apt-get install"
cp "$deb" "$work/" && chmod 0644 "$work/$(basename "$deb")"
apt_get install "$work/$(basename "$deb")" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "apt-get install"; }
version=$(dpkg-query -W -f '${Version}' vedirect-logger)

step "the command and the unit"
vedirect-logger help | grep -q '^Settings' || fail "vedirect-logger help prints no settings"
[[ $(vedirect-logger version) == "vedirect-logger "* ]] || fail "vedirect-logger version"
verify=$(systemd-analyze verify /lib/systemd/system/vedirect-logger.service 2>&1) || fail "systemd-analyze verify: $verify"
! grep -F vedirect-logger.service <<<"$verify" || fail "systemd-analyze verify complains about the unit"

step "owners, modes, user"
owner_mode /usr/share/vedirect-logger/vedirect-logger.jar "root:root 644"
owner_mode /usr/bin/vedirect-logger "root:root 755"
owner_mode /etc/vedirect-logger/application.properties "root:vedirect 640"
owner_mode /etc/vedirect-logger/routes.d "root:root 755"
owner_mode /var/lib/vedirect-logger "vedirect:vedirect 755"
owner_mode /var/log/vedirect-logger "vedirect:vedirect 755"
[[ -s /var/cache/vedirect-logger/vedirect-logger.jsa ]] || { cat "$work/install.log" >&2; fail "no AppCDS archive"; }
owner_mode /var/cache/vedirect-logger/vedirect-logger.jsa "root:root 644"
id -nG vedirect | grep -qw dialout || fail "vedirect is not in dialout"
[[ $(getent passwd vedirect | cut -d: -f7) == */nologin ]] || fail "vedirect can log in"
! grep -Ev '^(#|$)' /etc/vedirect-logger/application.properties || fail "a line of the conffile is not a comment"
dpkg-query -W -f '${Conffiles}' vedirect-logger | grep -q ' /etc/vedirect-logger/application.properties ' \
    || fail "application.properties is not a conffile"
! pgrep -u vedirect >/dev/null || fail "the install started the logger without systemd"
[[ -L /etc/systemd/system/multi-user.target.wants/vedirect-logger.service ]] || fail "the service is not enabled"

step "first run, no cable: waits, says so, writes nothing"
run_until "No VE.Direct USB cable in /dev/serial/by-id yet"
! grep -q "Unable to use shared archive" "$work/run.log" || fail "the fresh AppCDS archive was refused"
[[ ! -e /var/lib/vedirect-logger/vedirect_data.csv ]] || fail "a CSV was written without a device"
grep -q "No VE.Direct USB cable" /var/log/vedirect-logger/vedirect.log || fail "nothing in /var/log/vedirect-logger/vedirect.log"
[[ $(grep -c "No VE.Direct USB cable" "$work/run.log") == 1 ]] || fail "the waiting line is repeated"

step "a stale AppCDS archive (another jar): the logger still starts"
cp -p /var/cache/vedirect-logger/vedirect-logger.jsa "$work/archive.jsa"
touch /usr/share/vedirect-logger/vedirect-logger.jar
run_until "No VE.Direct USB cable in /dev/serial/by-id yet"
grep -q "Unable to use shared archive" "$work/run.log" || fail "the JVM did not find the archive stale: the step proves nothing"

step "a Java upgrade (dpkg trigger on /usr/lib/jvm) builds the archive again"
dpkg-trigger --no-await /usr/lib/jvm
dpkg --triggers-only vedirect-logger >/dev/null
cmp -s /var/cache/vedirect-logger/vedirect-logger.jsa "$work/archive.jsa" && fail "the trigger did not rebuild the AppCDS archive"
run_until "No VE.Direct USB cable in /dev/serial/by-id yet"
! grep -q "Unable to use shared archive" "$work/run.log" || fail "the rebuilt AppCDS archive was refused"

step "upgrade: an edited conffile and a user route kept, the archive rebuilt"
sed -i 's/^#vedirect.interval=30$/vedirect.interval=5/' /etc/vedirect-logger/application.properties
grep -q '^vedirect.interval=5$' /etc/vedirect-logger/application.properties || fail "cannot edit the conffile"
cat >/etc/vedirect-logger/routes.d/mine.yaml <<'ROUTE'
- route:
    id: mine
    from:
      uri: timer:mine?repeatCount=1
      steps:
        - log: "routes.d/mine.yaml runs"
ROUTE
# The rebuilt package: this one with a higher version, as a later `mvn package` makes.
dpkg-deb -R "$deb" "$work/next"
sed -i "s/^Version: .*/Version: ${version}+1/" "$work/next/DEBIAN/control"
dpkg-deb --root-owner-group -Znone -b "$work/next" "$work/next.deb" >/dev/null
chmod 0644 "$work/next.deb"
cp -p /var/cache/vedirect-logger/vedirect-logger.jsa "$work/archive.jsa"
apt_get install "$work/next.deb" >"$work/upgrade.log" 2>&1 || { cat "$work/upgrade.log" >&2; fail "apt-get install of the upgrade"; }
[[ $(dpkg-query -W -f '${Version}' vedirect-logger) == "${version}+1" ]] || fail "not upgraded"
grep -q '^vedirect.interval=5$' /etc/vedirect-logger/application.properties || fail "the upgrade lost the edited settings"
[[ -f /etc/vedirect-logger/routes.d/mine.yaml ]] || fail "the upgrade lost the user's route"
owner_mode /etc/vedirect-logger/application.properties "root:vedirect 640"
cmp -s /var/cache/vedirect-logger/vedirect-logger.jsa "$work/archive.jsa" && fail "the upgrade did not rebuild the AppCDS archive"
# The user's route and the shipped vedirect.yaml (from the jar: routes.d has none) both run.
run_until "routes.d/mine.yaml runs" "No VE.Direct USB cable in /dev/serial/by-id yet"

step "remove: the program goes, the settings stay"
apt_get remove vedirect-logger >"$work/remove.log" 2>&1 || { cat "$work/remove.log" >&2; fail "apt-get remove"; }
[[ ! -e /usr/share/vedirect-logger && ! -e /usr/bin/vedirect-logger && ! -e /lib/systemd/system/vedirect-logger.service ]] \
    || fail "remove left the program"
[[ ! -e /var/cache/vedirect-logger ]] || fail "remove left the AppCDS archive"
grep -q '^vedirect.interval=5$' /etc/vedirect-logger/application.properties || fail "remove took the settings"
[[ $(readlink /etc/systemd/system/vedirect-logger.service) == /dev/null ]] || fail "remove did not mask the service"

step "purge: the settings and the logs go, the measurements stay"
apt_get purge vedirect-logger >"$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "apt-get purge"; }
! dpkg -s vedirect-logger >/dev/null 2>&1 || fail "still known to dpkg after purge"
[[ ! -e /etc/vedirect-logger && ! -e /var/log/vedirect-logger ]] || fail "purge left /etc/vedirect-logger or the logs"
[[ -d /var/lib/vedirect-logger ]] || fail "purge deleted the measurements folder"
[[ ! -e /etc/systemd/system/vedirect-logger.service && ! -L /etc/systemd/system/multi-user.target.wants/vedirect-logger.service ]] || fail "purge left the service enabled or masked"
! dpkg-statoverride --list /etc/vedirect-logger/application.properties >/dev/null || fail "purge left the stat override"
echo "deb-test: PASS ($(basename "$deb"): lintian, install, help, systemd-analyze verify, owners and modes, first run, stale archive, upgrade, remove, purge)"
