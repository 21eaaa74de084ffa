#!/usr/bin/env bash
# Runs every statement of tests/answers/statements.dz (the tour, the cookbook, whole-trial tables
# and a correction) on the example cohorts and a generated cohort, writing each answer as CSV, so
# the answers of two builds can be compared with `diff -r` (issue #18: a change to the middle of
# the engine must leave every answer unchanged).
#
#   scripts/answers.sh OUT_DIR [DAYZERO_BINARY] [GENERATED_PATIENTS]
#
# The binary defaults to build/shell/dayzero, the generated cohort to 10,000 patients (seed 7).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:?usage: scripts/answers.sh OUT_DIR [DAYZERO_BINARY] [GENERATED_PATIENTS]}"
DZ="$(realpath "${2:-$ROOT/build/shell/dayzero}")"
PATIENTS="${3:-10000}"
STATEMENTS="$ROOT/tests/answers/statements.dz"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

"$DZ" generate --patients "$PATIENTS" --seed 7 --out "$WORK/generated" --format both >/dev/null

# name, what to import (and how)
run_cohort() {
    local name="$1"
    shift
    local db="$WORK/$name.db"
    "$DZ" import --db "$db" "$@" >"$OUT/$name.import.txt" 2>&1 || true
    # The import report ends with its elapsed time: keep the counts only.
    sed -i -E "s/, [0-9.]+ s, [0-9]+ events\/s$//; s|$WORK|WORK|g; s|$ROOT|ROOT|g" \
        "$OUT/$name.import.txt"
    (cd "$WORK" && "$DZ" shell --db "$db" --keep-going -f "$STATEMENTS") \
        >"$OUT/$name.answers.csv" 2>"$OUT/$name.errors.txt" || true
    # A reader sees the same answers as the writer did after its statements.
    "$DZ" query --db "$db" --read-only --format csv 'count patients by max_grade; grades P0001;' \
        >"$OUT/$name.read_only.csv" 2>&1 || true
    # The command-line corrections, then the history and a replayed copy of the whole log;
    # recorded instants differ from run to run and are masked.
    {
        "$DZ" amend --db "$db" 40 --value 38.6 --reason 'late entry' --by tester 2>&1 || true
        "$DZ" amend --db "$db" 40 --value 38.6 --reason 'the same again' --by tester 2>&1 || true
        "$DZ" retract --db "$db" 50 --reason 'duplicate' --by tester 2>&1 || true
        "$DZ" sign --db "$db" 1 --meaning reviewed --by tester 2>&1 || true
        "$DZ" query --db "$db" --format csv 'history seq 40; history seq 50; history seq 20;' 2>&1
        # A replay stream holds an import as one line: the round trip is for the small cohorts.
        if [ "$name" != generated ]; then
            "$DZ" replay --db "$db" --out "$WORK/$name.replay.jsonl" 2>&1
            "$DZ" replay --db "$WORK/$name.copy.db" --load "$WORK/$name.replay.jsonl" 2>&1 |
                sed -E 's/into .*; head/into COPY; head/'
            "$DZ" verify --db "$WORK/$name.copy.db" 2>&1
            "$DZ" query --db "$WORK/$name.copy.db" --format csv 'count patients by max_grade;' 2>&1
        fi
    } | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+Z?/INSTANT/g; s/in [0-9.]+ s/in N s/g; s/[0-9a-f]{64}/HASH/g' \
        >"$OUT/$name.audit.txt"
}

run_cohort cohort45 "$ROOT/examples/cohort45/events.csv"
run_cohort cohort93 "$ROOT/examples/cohort93/events.csv"
run_cohort cohort45_sdtm "$ROOT/examples/cohort45/sdtm"
run_cohort generated "$WORK/generated/events.csv"
echo "answers written to $OUT"
