#!/usr/bin/env bash
# Builds dayzero (installing dependencies if missing) and runs the guided demo on an embedded
# store in ./demo.db: imports the shipped example cohort and answers a study's questions. Every
# stage says what it is doing; the build shows its own progress.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${DAYZERO_BUILD_DIR:-$ROOT/build}"
START=$SECONDS
step() { printf '\n== demo [%dm%02ds] %s\n' $(((SECONDS - START) / 60)) $(((SECONDS - START) % 60)) "$*"; }

step "1/3 checking the Debian packages dayzero needs (scripts/setup-deps.sh)"
"$ROOT/scripts/setup-deps.sh"
step "2/3 building dayzero into $BUILD_DIR with $(nproc) cores (the first build compiles everything)"
"$ROOT/scripts/build.sh" --target dayzero
step "3/3 importing the example cohort and running the tour (examples/tour.dz)"
cd "$ROOT"
"$BUILD_DIR/shell/dayzero" demo --db "${1:-$ROOT/demo.db}"
step "done"
