#!/usr/bin/env bash
# Configures and builds dayzero into ./build (or $DAYZERO_BUILD_DIR), installing dependencies first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${DAYZERO_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup-deps.sh"
cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="${DAYZERO_BUILD_TYPE:-RelWithDebInfo}" \
    ${DAYZERO_CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)" "$@"
