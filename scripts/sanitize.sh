#!/usr/bin/env bash
# Builds the whole project with AddressSanitizer + UndefinedBehaviorSanitizer into ./build-asan
# and runs the test suite there. Any sanitizer report fails the run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DAYZERO_BUILD_DIR="${DAYZERO_BUILD_DIR:-$ROOT/build-asan}"
export DAYZERO_BUILD_TYPE=Debug
export DAYZERO_CMAKE_ARGS="-DDAYZERO_SANITIZE=ON -DDAYZERO_BUILD_BENCH=OFF"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
"$ROOT/scripts/build.sh"
cd "$DAYZERO_BUILD_DIR"
ctest --output-on-failure -j"$(nproc)" "$@"
