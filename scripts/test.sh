#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through ctest: first the normal
# (Release) build, then the whole suite again built with AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/). `--quick` skips the sanitizer pass.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
ctest --test-dir build -j "$(nproc)" --output-on-failure
[ "${1:-}" = "--quick" ] && exit 0

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSHNN_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j "$(nproc)" --output-on-failure
