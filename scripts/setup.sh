#!/usr/bin/env bash
# One-time set-up on a fresh Debian/Ubuntu machine with Node.js >= 20: installs the
# Debian packages redkube and its tests use (only those missing), the npm
# dependencies, and builds (TypeScript and the WebAssembly kernels).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v nsenter >/dev/null 2>&1 || missing+=(util-linux)
/usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1 || missing+=(python3-kubernetes)
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
command -v kubectl >/dev/null 2>&1 || echo "note: kubectl is not installed; the kubectl end-to-end tests need it" >&2

npm ci --no-audit --no-fund
npm run build --silent
