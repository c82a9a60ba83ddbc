#!/usr/bin/env bash
# Builds the portable release (x86-64-v2: runs on any x86-64 CPU of the last 15 years) in
# build-package/ and makes the Debian package with cpack; prints its path.
# Install it with: apt-get install ./build-package/shnn-studio_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
cmake -S . -B build-package -G Ninja -DCMAKE_BUILD_TYPE=Release -DSHNN_NATIVE=OFF -DBUILD_TESTING=OFF \
      -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build build-package -j "$(nproc)"
(cd build-package && cpack -G DEB >/dev/null)
ls -1 build-package/shnn-studio_*.deb
