# Shared by the shims: where calls are recorded and simulated state is kept. The shims stand
# in for sudo, systemctl, apt-get, dnf and reboot so tests never change the machine they run on.
SHIM_DIR=$(cd "$(dirname "$0")" && pwd)
SHIM_STATE=${WARDEN_SHIM_STATE:-$SHIM_DIR/../shim-state}
mkdir -p "$SHIM_STATE/units"
record() {
  # One line per call: the program and its arguments, each argument in [brackets].
  line=$(basename "$0")
  for a in "$@"; do line="$line [$a]"; done
  printf '%s\n' "$line" >> "$SHIM_STATE/calls.log"
}
