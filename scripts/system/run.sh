#!/usr/bin/env bash
# The system suite: tests against the real thing (Monitoring Plugins binaries, the real /proc,
# and — as the plugins land — snmpd, snmpsim, sshd and promtool), each daemon started on a
# free loopback port by its own script and stopped by pid on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
export WARDEN_SYSTEM_STATE="${WARDEN_SYSTEM_STATE:-$(mktemp -d -t warden-system.XXXXXX)}"
cleanup() {
  # Every peer script records its pid under $WARDEN_SYSTEM_STATE/*.pid; stop exactly those.
  for pidfile in "$WARDEN_SYSTEM_STATE"/*.pid; do
    [[ -f $pidfile ]] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
# Each peer script starts its daemon on a free loopback port, writes its pid to
# $WARDEN_SYSTEM_STATE/<name>.pid and what the tests need (ports, paths) as KEY=VALUE lines
# to $WARDEN_SYSTEM_STATE/<name>.env, which are exported here for the tests.
for starter in scripts/system/peers/*.sh; do
  [[ -f $starter ]] || continue
  bash "$starter"
done
set -a
for envfile in "$WARDEN_SYSTEM_STATE"/*.env; do
  [[ -f $envfile ]] && source "$envfile"
done
set +a
npx vitest run -c vitest.system.config.ts "$@"
