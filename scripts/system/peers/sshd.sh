#!/usr/bin/env bash
# Starts a private OpenSSH sshd on a free 127.0.0.1 port for the system suite (never the
# system's sshd). Writes $WARDEN_SYSTEM_STATE/sshd.pid and sshd.env (port, user, key paths,
# known_hosts, shim state). The test user's PATH starts with fake sudo/systemctl/apt-get/dnf/
# reboot, which record their arguments: no test can patch, reboot or stop this machine.
#
# Usage: sshd.sh [NAME]   (NAME defaults to "sshd")
# SSHD_EXTRA_PORTS=N also listens on N more free ports (listed in <NAME>_PORTS): the bench uses
# them to stand for many hosts, one connection each.
set -euo pipefail
NAME=${1:-sshd}
: "${WARDEN_SYSTEM_STATE:?set WARDEN_SYSTEM_STATE}"
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
SSHD=/usr/sbin/sshd
USER_NAME=${WARDEN_SSH_TEST_USER:-warden-test}
[[ -x $SSHD ]] || { echo "sshd.sh: $SSHD not found; apt-get install -y openssh-server" >&2; exit 1; }

STATE="$WARDEN_SYSTEM_STATE/$NAME"
mkdir -p "$STATE/authorized_keys" "$STATE/shim-state" /run/sshd
# The test user must traverse the state directory (mktemp makes it 0700).
chmod 755 "$WARDEN_SYSTEM_STATE" "$STATE"

if ! id "$USER_NAME" >/dev/null 2>&1; then
  useradd --create-home --shell /bin/sh "$USER_NAME"
fi
# With UsePAM no, a "!" password field locks even key logins; "*" allows keys only.
usermod -p '*' "$USER_NAME"

for type in ed25519 ecdsa; do
  [[ -f $STATE/ssh_host_${type}_key ]] || ssh-keygen -q -t "$type" -N '' -C "warden-$NAME-host" -f "$STATE/ssh_host_${type}_key"
done
[[ -f $STATE/client_key ]] || ssh-keygen -q -t ecdsa -b 256 -m PEM -N '' -C warden-test-client -f "$STATE/client_key"
cp "$STATE/client_key.pub" "$STATE/authorized_keys/$USER_NAME"
chmod 644 "$STATE/authorized_keys/$USER_NAME"

rm -rf "$STATE/shims"
cp -r "$ROOT/scripts/system/ssh/shims" "$STATE/shims"
chmod 755 "$STATE/shims" "$STATE/shims/"*
chown -R "$USER_NAME" "$STATE/shim-state"

PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
sed -e "s|@PORT@|$PORT|g" -e "s|@STATE@|$STATE|g" -e "s|@USER@|$USER_NAME|g" "$ROOT/scripts/system/ssh/sshd_config.template" > "$STATE/sshd_config"
PORTS=$PORT
if [[ ${SSHD_EXTRA_PORTS:-0} -gt 0 ]]; then
  EXTRA=$(node -e "
    const net = require('net'); const n = Number(process.argv[1]); const servers = []; let done = 0;
    for (let i = 0; i < n; i++) { const s = net.createServer().listen(0, '127.0.0.1', () => { servers.push(s); if (++done === n) { console.log(servers.map((x) => x.address().port).join(' ')); servers.forEach((x) => x.close()); } }); }
  " "$SSHD_EXTRA_PORTS")
  for p in $EXTRA; do echo "Port $p" >> "$STATE/sshd_config"; PORTS="$PORTS,$p"; done
fi
"$SSHD" -t -f "$STATE/sshd_config"
"$SSHD" -f "$STATE/sshd_config" -E "$STATE/sshd.log"

for _ in $(seq 1 50); do
  [[ -s $STATE/sshd.pid ]] && (echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
  sleep 0.1
done
[[ -s $STATE/sshd.pid ]] || { echo "sshd.sh: sshd did not start; see $STATE/sshd.log" >&2; cat "$STATE/sshd.log" >&2; exit 1; }
cp "$STATE/sshd.pid" "$WARDEN_SYSTEM_STATE/$NAME.pid"

for p in ${PORTS//,/ }; do
  echo "[127.0.0.1]:$p $(cut -d' ' -f1,2 "$STATE/ssh_host_ed25519_key.pub")"
  echo "[127.0.0.1]:$p $(cut -d' ' -f1,2 "$STATE/ssh_host_ecdsa_key.pub")"
done > "$STATE/known_hosts"

VAR=$(echo "$NAME" | tr 'a-z-' 'A-Z_')
cat > "$WARDEN_SYSTEM_STATE/$NAME.env" <<ENV
${VAR}_PORT=$PORT
${VAR}_PORTS=$PORTS
${VAR}_USER=$USER_NAME
${VAR}_CLIENT_KEY=$STATE/client_key
${VAR}_KNOWN_HOSTS=$STATE/known_hosts
${VAR}_HOST_KEY_PUB=$STATE/ssh_host_ed25519_key.pub
${VAR}_SHIM_STATE=$STATE/shim-state
${VAR}_STATE=$STATE
ENV
echo "sshd.sh: $NAME on 127.0.0.1:$PORT (pid $(cat "$STATE/sshd.pid"), user $USER_NAME)"
