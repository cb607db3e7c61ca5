#!/usr/bin/env bash
# `npm run bench [-- NAME ...]`: runs bench/NAME/index.ts, one after another (all of them by
# default), each side by side with the peer its issue names. The SNMP bench needs a real snmpd:
# it is started here on loopback exactly as the system suite starts it, and stopped by pid
# afterwards (the SSH bench starts its own sshd instances). Benchmarks print medians and
# ratios; they are not tests.
set -euo pipefail
cd "$(dirname "$0")/.."
names=("$@")
if ((${#names[@]} == 0)); then names=(metric-store scheduler checks store secrets-scrub http snmp ssh); fi

needs_peers=false
for name in "${names[@]}"; do
  [[ -f bench/$name/index.ts ]] || { echo "no benchmark bench/$name/index.ts" >&2; exit 2; }
  [[ $name == snmp ]] && needs_peers=true
done

if $needs_peers; then
  export WARDEN_SYSTEM_STATE="${WARDEN_SYSTEM_STATE:-$(mktemp -d -t warden-bench.XXXXXX)}"
  stop_peers() {
    for pidfile in "$WARDEN_SYSTEM_STATE"/*.pid; do [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true; done
  }
  trap stop_peers EXIT
  bash scripts/system/peers/snmpd.sh
  set -a
  for envfile in "$WARDEN_SYSTEM_STATE"/*.env; do [[ -f $envfile ]] && source "$envfile"; done
  set +a
fi

# Benches that run compiled, as an app runs the published packages (scripts/build-bench.ts says
# why); the others run from source under tsx, as their recorded figures were measured.
compiled=" snmp "
for name in "${names[@]}"; do
  printf '\n### bench/%s\n' "$name"
  if [[ $compiled == *" $name "* ]]; then
    npx tsx scripts/build-bench.ts "$name"
    node --expose-gc ".tmp/bench/$name/index.js"
  else
    npx tsx --expose-gc --conditions=@warden/source "bench/$name/index.ts"
  fi
done
