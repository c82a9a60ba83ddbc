#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test through ctest:
#   1. the normal (Release) build, the whole suite;
#   2. AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/): the engine, the command
#      line and their tests (memory errors live where the numbers are);
#   3. ThreadSanitizer (build-tsan/): the studio's UI tests, the engine's cancellation test
#      and the streamed QR's task graph, where the threads are.
# `--quick` stops after the first pass. Sanitizer builds are -O1 -g1 to keep the whole command
# well under 20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1  # as in build.sh, for the sanitizer builds
./scripts/build.sh
# The engine and the command line without the studio: configured and built with no Qt at all
# (the same flags as build/, so ccache serves the engine's objects), then run once.
cmake -S . -B build-nostudio -G Ninja -DCMAKE_BUILD_TYPE=Release -DSHNN_NATIVE=ON -DSHNN_BUILD_STUDIO=OFF \
      -DBUILD_TESTING=OFF >/dev/null
if grep -q "Qt6" build-nostudio/build.ninja build-nostudio/CMakeCache.txt; then
  echo "error: -DSHNN_BUILD_STUDIO=OFF still refers to Qt" >&2
  exit 1
fi
cmake --build build-nostudio -j "$(nproc)" >/dev/null
build-nostudio/app/shnn fit --system spring --width 50 --train 500 --test 500 >/dev/null
ctest --test-dir build -j "$(nproc)" --output-on-failure
[ "${1:-}" = "--quick" ] && exit 0

sanitized() {  # sanitized DIR KIND TARGETS...
  local dir=$1 kind=$2
  shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
        -DSHNN_SANITIZE="$kind" >/dev/null
  cmake --build "$dir" -j "$(nproc)" --target "$@"
}

# Every engine and command-line test but the two that re-run whole fits for their numbers
# (test_cli_accuracy, test_cli_options: the same code paths as the rest, 2½ minutes under
# ASan), to keep the whole command under 20 minutes on 2 cores; and the Slurm test, whose
# cluster runs the same fits as test_cli_sweep_plan. The numerical tests' runs with a narrower
# vector path forced (<test>_avx2, <test>_portable: the same executables) run in the first pass.
asan_skip='^(test_studio.*|test_cli_accuracy|test_cli_options|test_slurm_sweep|test_[a-z_]*_(avx2|portable))$'
core_tests=$(ctest --test-dir build -N | sed -n 's/^ *Test *#[0-9]*: \(test_[a-z_]*\)$/\1/p' | grep -Ev "$asan_skip" | tr '\n' ' ')
# shellcheck disable=SC2086
sanitized build-asan address shnn save_stress $core_tests
ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1 \
LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan -j "$(nproc)" --output-on-failure -E "$asan_skip"

tsan_tests="test_cancellation test_streamed_qr test_studio test_studio_robustness"
# shellcheck disable=SC2086
sanitized build-tsan thread $tsan_tests
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp" \
  ctest --test-dir build-tsan -j "$(nproc)" --output-on-failure -R "^($(echo $tsan_tests | tr ' ' '|'))\$"
