#!/usr/bin/env bash
# Starts a private Net-SNMP snmpd on a free 127.0.0.1 UDP port for the system suite:
# v2c communities public (read-only, whole tree) and private (read-write, system group),
# v3 users warden-sha (SHA/AES), warden-sha256 (SHA-256/AES), warden-auth (SHA, authNoPriv).
# Writes $WARDEN_SYSTEM_STATE/snmpd.pid and snmpd.env (WARDEN_SNMPD_PORT=...).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
state="${WARDEN_SYSTEM_STATE:?set WARDEN_SYSTEM_STATE}"
snmpd=/usr/sbin/snmpd
if [[ ! -x $snmpd ]]; then
  echo "snmpd.sh: $snmpd not installed (apt-get install snmpd); skipping" >&2
  exit 0
fi
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
dir="$state/snmpd"
mkdir -p "$dir/snmpd-persist"
sed -e "s|@STATE@|$dir|g" -e "s|@PORT@|$port|g" "$here/snmp/snmpd.conf.template" > "$dir/snmpd.conf"
export SNMP_PERSISTENT_DIR="$dir/snmpd-persist"
"$snmpd" -C -c "$dir/snmpd.conf" -p "$state/snmpd.pid" -Lf "$dir/snmpd.log" -I -smux,mteTrigger,mteTriggerConf
# snmpd forks; wait until it answers (at most ~5 s).
for _ in $(seq 50); do
  if snmpget -v2c -c public -t 0.2 -r 0 127.0.0.1:"$port" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; then
    echo "WARDEN_SNMPD_PORT=$port" > "$state/snmpd.env"
    echo "snmpd.sh: snmpd on 127.0.0.1:$port (pid $(cat "$state/snmpd.pid"))" >&2
    exit 0
  fi
  sleep 0.1
done
echo "snmpd.sh: snmpd did not answer on 127.0.0.1:$port; see $dir/snmpd.log" >&2
exit 1
