#!/usr/bin/env bash
# Installs the Debian 12 packages S-HNN Studio needs to build, run and test.
# Idempotent: installs only what is missing, so a second run costs a second.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  qt6-base-dev qt6-svg-dev qt6-qpa-plugins libqcustomplot-dev libgl-dev
  libeigen3-dev libboost-dev nlohmann-json3-dev
  libopenblas-dev liblapacke-dev libginac-dev
  fonts-dejavu-core xvfb xauth
  desktop-file-utils appstream
  slurm-wlm munge
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
