#!/usr/bin/env bash
# Starts COUNT private Net-SNMP snmpd instances on free 127.0.0.1 UDP ports (bench/snmp's
# "many agents"): v2c community public, read-only, serving only the system group and IF-MIB
# (ifTable, ifXTable) so each stays small. Writes $WARDEN_SYSTEM_STATE/snmpd-fleet-N.pid per
# instance and snmpd-fleet.env (WARDEN_SNMPD_FLEET_PORTS=p1,p2,...). Stop them by those pids.
#   WARDEN_SYSTEM_STATE=DIR bash scripts/system/peers/snmpd-fleet.sh COUNT
set -euo pipefail
state="${WARDEN_SYSTEM_STATE:?set WARDEN_SYSTEM_STATE}"
count="${1:-200}"
[[ $count =~ ^[0-9]+$ ]] || { echo "snmpd-fleet.sh: COUNT must be a number" >&2; exit 2; }
snmpd=/usr/sbin/snmpd
[[ -x $snmpd ]] || { echo "snmpd-fleet.sh: $snmpd not installed (apt-get install snmpd)" >&2; exit 1; }
# COUNT distinct free ports, all held at once while choosing so none repeats.
mapfile -t ports < <(python3 - "$count" <<'PY'
import socket, sys
held = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    held.append(s)
for s in held:
    print(s.getsockname()[1])
PY
)
start_one() {
  local n=$1 port=$2 dir="$state/snmpd-fleet/$1"
  mkdir -p "$dir/persist"
  cat > "$dir/snmpd.conf" <<CONF
[snmp] persistentDir $dir/persist
[snmp] mibs :
agentaddress udp:127.0.0.1:$port
dontLogTCPWrappersConnects yes
view bench included .1.3.6.1.2.1.1
view bench included .1.3.6.1.2.1.2
view bench included .1.3.6.1.2.1.31
rocommunity public 127.0.0.1 -V bench
CONF
  SNMP_PERSISTENT_DIR="$dir/persist" "$snmpd" -C -c "$dir/snmpd.conf" -p "$state/snmpd-fleet-$n.pid" -Lf "$dir/snmpd.log" \
    -I -smux,mteTrigger,mteTriggerConf
}
for i in "${!ports[@]}"; do
  start_one "$i" "${ports[$i]}" &
  # A few at a time: the machine has 2 cores.
  if (( i % 8 == 7 )); then wait; fi
done
wait
for port in "${ports[@]}"; do
  for _ in $(seq 100); do
    snmpget -v2c -c public -t 0.2 -r 0 127.0.0.1:"$port" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1 && continue 2
    sleep 0.1
  done
  echo "snmpd-fleet.sh: snmpd on 127.0.0.1:$port did not answer; see $state/snmpd-fleet/*/snmpd.log" >&2
  exit 1
done
(IFS=,; echo "WARDEN_SNMPD_FLEET_PORTS=${ports[*]}") > "$state/snmpd-fleet.env"
echo "snmpd-fleet.sh: $count snmpd instances on 127.0.0.1 (ports in $state/snmpd-fleet.env)" >&2
