#!/usr/bin/env bash
# Installs what is missing, then configures and builds into build/ (Release).
# Usage: scripts/build.sh [extra cmake -D options]
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache: paths relative to the checkout and no directory in the hash, so a second checkout
# (a CI clone) reuses what the first one compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$(nproc)"
