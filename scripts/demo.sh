#!/usr/bin/env bash
# Builds dayzero (installing dependencies if missing) and runs the guided demo on an embedded
# store in ./demo.db: imports the shipped example cohort and answers a study's questions.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${DAYZERO_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/build.sh" --target dayzero >/dev/null
cd "$ROOT"
exec "$BUILD_DIR/shell/dayzero" demo --db "${1:-$ROOT/demo.db}"
