#!/usr/bin/env bash
# Installs the Debian packages CI needs (the compiler toolchain for better-sqlite3, and what the
# system suite runs against), skipping what is present.
# `apt-get update` runs once, and only when something is missing.
set -euo pipefail
packages=(
  g++ make python3           # node-gyp: better-sqlite3 compiles from source (no prebuilt binary is reachable)
  monitoring-plugins-basic   # check_dummy, check_tcp, check_procs, check_load …
  monitoring-plugins-standard # check_disk and friends
  iputils-ping               # ping, for the ping probe
  fping                      # preferred by the ping probe when present
  procps                     # free, ps: ground truth for host.local
  snmpd snmp snmptrapd       # Net-SNMP agent, command-line tools and trap sender
  snmpsim                    # recorded real devices
  openssh-server openssh-client # sshd for the SSH plugin; ssh for ControlMaster comparisons
  prometheus                 # promtool check metrics, for /metrics
  prometheus-snmp-exporter   # the peer bench/snmp compares snmp.interfaces against
)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  echo "system-suite packages present: ${packages[*]}"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "missing Debian packages: ${missing[*]}; run as root or install them yourself" >&2
  exit 1
fi
echo "installing: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
