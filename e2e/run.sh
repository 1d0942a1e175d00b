#!/usr/bin/env bash
# Real-window end-to-end tests of the desktop app: tauri-driver + WebKitWebDriver
# drive target/debug/phien-app (this script builds nothing).
#
#   cd ui && npm run build && cd .. && cargo build -p phien-app   # the debug build, default features
#   cargo build -p phien-server                                   # the sync server, for tests/own-db/04-district-report
#   (cd e2e && npm ci)
#   xvfb-run -a -s '-screen 0 1280x800x24' e2e/run.sh            # the tests
#   xvfb-run -a -s '-screen 0 1280x800x24' e2e/run.sh node e2e/screens.mjs
#
# Needs: tauri-driver (cargo install tauri-driver --locked), /usr/bin/WebKitWebDriver
# (apt-get install webkit2gtk-driver), curl, and an X display (xvfb-run).
# Each run uses a fresh temporary data file (PHIEN_DB), a fresh webview data
# folder (XDG_DATA_HOME, so no draft or recorder is left in localStorage) and
# PHIEN_TODAY=15/12/2026; the app inherits them through tauri-driver.
# PHIEN_E2E_KEEP=1 keeps the temporary folder (data file, driver log).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

export PHIEN_APP="${PHIEN_APP:-$root/target/debug/phien-app}"
port="${PHIEN_E2E_PORT:-4444}"
export PHIEN_E2E_PORT="$port"

[ -x "$PHIEN_APP" ] || { echo "e2e: $PHIEN_APP is missing: cd ui && npm run build && cd .. && cargo build -p phien-app" >&2; exit 2; }
command -v tauri-driver >/dev/null || { echo "e2e: tauri-driver is missing: cargo install tauri-driver --locked" >&2; exit 2; }
[ -x /usr/bin/WebKitWebDriver ] || { echo "e2e: WebKitWebDriver is missing: apt-get install -y webkit2gtk-driver" >&2; exit 2; }
[ -n "${DISPLAY:-}" ] || { echo "e2e: no X display: run under xvfb-run -a -s '-screen 0 1280x800x24' e2e/run.sh" >&2; exit 2; }
[ -d "$root/e2e/node_modules/webdriverio" ] || { echo "e2e: run (cd e2e && npm ci) first" >&2; exit 2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/phien-e2e.XXXXXX")"
export PHIEN_DB="$tmp/phien.db"
export PHIEN_TODAY="15/12/2026"
# «Xuất Excel» / «Xuất PDF» write here, never into the real Documents folder.
export PHIEN_EXPORT_DIR="$tmp/Phiên"
export XDG_DATA_HOME="$tmp/data" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"

driver_pid=""
seed_pid=""
cleanup() {
  local rc=$?
  if [ -n "$seed_pid" ] && kill -0 "$seed_pid" 2>/dev/null; then kill "$seed_pid" 2>/dev/null || true; wait "$seed_pid" 2>/dev/null || true; fi
  if [ -n "$driver_pid" ] && kill -0 "$driver_pid" 2>/dev/null; then
    kill "$driver_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$driver_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$driver_pid" 2>/dev/null || true
    wait "$driver_pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -s "$tmp/driver.log" ]; then
    echo "--- tail of tauri-driver log ($tmp/driver.log) ---" >&2
    tail -n 30 "$tmp/driver.log" >&2 || true
  fi
  if [ "${PHIEN_E2E_KEEP:-}" = 1 ] || [ "$rc" -ne 0 ]; then
    echo "e2e: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The data file. The app creates the demo commune on first start "as of today",
# with sessions up to the last 15th on or before it: with today = 15/12/2026 the
# session of that day would already be in the demo, closed. So the app is first
# started alone with the day before (sessions up to 15/11/2026, as on a laptop on
# any day from 15/11 to 14/12), killed once the demo is written, and the tests
# then run on that file with PHIEN_TODAY=15/12/2026: the session of the 15th is
# theirs to open.
seed_today="${PHIEN_E2E_DEMO_TODAY:-14/12/2026}"
t_seed=$(date +%s%N)
PHIEN_TODAY="$seed_today" "$PHIEN_APP" >"$tmp/seed.log" 2>&1 &
seed_pid=$!
for _ in $(seq 1 1200); do
  grep -q "đã tạo xã mẫu" "$tmp/seed.log" 2>/dev/null && break
  kill -0 "$seed_pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q "đã tạo xã mẫu" "$tmp/seed.log" 2>/dev/null; then
  echo "e2e: the app did not create the demo commune in $PHIEN_DB:" >&2; cat "$tmp/seed.log" >&2; exit 1
fi
kill "$seed_pid" 2>/dev/null || true
wait "$seed_pid" 2>/dev/null || true
seed_pid=""
echo "e2e: demo commune as of $seed_today in $PHIEN_DB ($(( ($(date +%s%N) - t_seed) / 1000000 )) ms)"
# A pristine copy of the demo for the specs that need a data file of their own
# (e2e/tests/own-db/: the leader's handover opens the session of the 15th too).
mkdir -p "$tmp/own"
for f in "$PHIEN_DB" "$PHIEN_DB-wal" "$PHIEN_DB-shm"; do [ -e "$f" ] && cp "$f" "$tmp/own/"; done

# The WebDriver underneath listens on the next port, so two runs with different ports do not collide.
# The app inherits PHIEN_DB and XDG_* from tauri-driver, so a new data file means a new driver.
start_driver() {
  tauri-driver --port "$port" --native-port "$((port + 1))" >>"$tmp/driver.log" 2>&1 &
  driver_pid=$!
  local ready=""
  for _ in $(seq 1 100); do
    if curl -fsS "http://127.0.0.1:$port/status" 2>/dev/null | grep -q '"ready":true'; then ready=1; break; fi
    kill -0 "$driver_pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$ready" ] || { echo "e2e: tauri-driver did not become ready on port $port" >&2; exit 1; }
}
stop_driver() {
  kill "$driver_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$driver_pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$driver_pid" 2>/dev/null || true
  wait "$driver_pid" 2>/dev/null || true
  driver_pid=""
}
start_driver

if [ "$#" -gt 0 ]; then
  "$@"
else
  # Files run in name order, one at a time: they share the run's data file.
  node --test --test-concurrency=1 --test-reporter=spec e2e/tests/*.test.mjs
  # Then each spec of e2e/tests/own-db/ on its own copy of the fresh demo and a fresh webview folder.
  for spec in e2e/tests/own-db/*.test.mjs; do
    [ -e "$spec" ] || continue
    stop_driver
    own="$tmp/own-$(basename "$spec" .test.mjs)"
    mkdir -p "$own/data" "$own/cache" "$own/config"
    cp "$tmp/own/"* "$own/"
    PHIEN_DB="$own/$(basename "$PHIEN_DB")" XDG_DATA_HOME="$own/data" XDG_CACHE_HOME="$own/cache" XDG_CONFIG_HOME="$own/config" start_driver
    node --test --test-concurrency=1 --test-reporter=spec "$spec"
  done
fi
