#!/usr/bin/env bash
# Installs what is missing, then configures and builds into build/ (Release, optimised for this
# machine's CPU: SHNN_NATIVE; scripts/package.sh builds the portable package instead).
# Usage: scripts/build.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache: paths relative to the checkout and no directory in the hash, so a second checkout
# (a CI clone) reuses what the first one compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSHNN_NATIVE=ON "$@" >/dev/null
cmake --build build -j "$(nproc)"
