#!/usr/bin/env bash
# Starts snmpsim (Debian's snmpsimd) on a free 127.0.0.1 UDP port serving the recorded devices it
# ships; the community selects the data file (cisco_16_switch, recorded/linux-full-walk, ...).
# Writes $WARDEN_SYSTEM_STATE/snmpsim.pid and snmpsim.env (WARDEN_SNMPSIM_PORT=...).
set -euo pipefail
state="${WARDEN_SYSTEM_STATE:?set WARDEN_SYSTEM_STATE}"
data=/usr/share/doc/snmpsim/examples/data
if ! command -v snmpsimd >/dev/null || [[ ! -d $data ]]; then
  echo "snmpsim.sh: snmpsim not installed (apt-get install snmpsim); skipping" >&2
  exit 0
fi
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
dir="$state/snmpsim"
mkdir -p "$dir/cache"
cp -r "$data" "$dir/data"
find "$dir/data" -name '*.gz' -exec gunzip -f {} +
# It refuses to run as root: run as nobody, with a cache dir nobody can write (and may reach).
chmod o+x "$state"
chown -R nobody:nogroup "$dir"
snmpsimd --data-dir="$dir/data" --cache-dir="$dir/cache" --agent-udpv4-endpoint="127.0.0.1:$port" \
  --process-user=nobody --process-group=nogroup --logging-method=null </dev/null >"$dir/snmpsimd.out" 2>&1 &
pid=$!
echo "$pid" > "$state/snmpsim.pid"
# The first answer can take a while: snmpsim indexes every data file on start.
for _ in $(seq 300); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "snmpsim.sh: snmpsimd exited; see $dir/snmpsimd.out" >&2
    exit 1
  fi
  if snmpget -v2c -c cisco_16_switch -t 0.5 -r 0 127.0.0.1:"$port" 1.3.6.1.2.1.1.3.0 >/dev/null 2>&1; then
    echo "WARDEN_SNMPSIM_PORT=$port" > "$state/snmpsim.env"
    echo "snmpsim.sh: snmpsimd on 127.0.0.1:$port (pid $(cat "$state/snmpsim.pid"))" >&2
    exit 0
  fi
  sleep 0.2
done
echo "snmpsim.sh: snmpsimd did not answer on 127.0.0.1:$port" >&2
exit 1
