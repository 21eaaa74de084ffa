#!/usr/bin/env bash
# bench/scale.sh [--patients N] [--seed S] [--no-write]
# One run of dayzero alone at a large cohort (default 1,000,000 patients): every step is a whole
# command as the README shows it, timed by bench/timed.py (wall, CPU, peak RSS), with the store's size on
# disk. It answers "does it work at this size, and what limits it" (docs/PERFORMANCE.md, "Scale");
# the side-by-side comparison with SQLite and DuckDB is bench/run.sh's. Unless --no-write, writes
# bench/results/YYYY-MM-DD-HHMM-scale-N.md. The cohort CSV (about 14 KB a patient) is generated
# into the work folder once and kept for later runs.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NAME=bench/scale.sh
PATIENTS=1000000
SEED=2026
WRITE=1
BUILD=${DAYZERO_BENCH_BUILD:-$ROOT/build-perf}
while [[ $# -gt 0 ]]; do
    case $1 in
        --patients) PATIENTS=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --no-write) WRITE=0; shift ;;
        *) echo "usage: bench/scale.sh [--patients N] [--seed S] [--no-write]" >&2; exit 2 ;;
    esac
done
WORK=${DAYZERO_BENCH_WORK:-/tmp/dayzero-scale-$PATIENTS-$SEED}
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
DZ=$BUILD/shell/dayzero

if [[ ! -x $DZ || -n ${DAYZERO_BENCH_REBUILD:-} ]]; then
    say "building dayzero (Release) in $BUILD"
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD" -j2 --target dayzero >/dev/null
fi
mkdir -p "$WORK"
CSV=$WORK/cohort/events.csv
declare -A ROW  # step -> "seconds peak_rss_mib user system"
if [[ ! -s $CSV ]]; then
    say "generating $PATIENTS patients (seed $SEED)"
    ROW[generate]=$(timed_cpu "$DZ" generate --patients "$PATIENTS" --seed "$SEED" --format long \
        --out "$WORK/cohort")
fi
EVENTS=$(($(wc -l < "$CSV") - 1))
CSV_BYTES=$(stat -c %s "$CSV")
ONE=$(sed -n '2s/,.*//p' "$CSV")
STORE=$WORK/store.db

say "importing $EVENTS events"
rm -rf "$STORE"
sync
ROW[import]=$(timed_cpu "$DZ" import --db "$STORE" "$CSV")
STORE_BYTES=$(du -sb "$STORE" | cut -f1)
STORE_FILES=$(find "$STORE" -type f | wc -l)
say "querying"
ROW[grades]=$(timed_cpu sh -c "'$DZ' query --db '$STORE' 'grades;' --format csv > '$WORK/grades.csv'")
GRADE_ROWS=$(($(wc -l < "$WORK/grades.csv") - 1))
ROW[episodes]=$(timed_cpu sh -c "'$DZ' query --db '$STORE' 'episodes;' --format csv \
    > '$WORK/episodes.csv'")
EPISODE_ROWS=$(($(wc -l < "$WORK/episodes.csv") - 1))
ROW[q7]=$(timed_cpu "$DZ" query --db "$STORE" \
    'cohort toci = patients where doses(tocilizumab) > 0; compare first_duration by toci within severe;')
ROW[one]=$(timed_cpu "$DZ" query --db "$STORE" "grades $ONE;")
say "verifying"
ROW[verify]=$(timed_cpu "$DZ" verify --db "$STORE")
VERIFY=$(grep -E '^(OK|FAILED)' "$WORK/timed.out" | cut -c1-120)

# row STEP LABEL: one table row from ROW[STEP].
row() {
    [[ -n ${ROW[$1]:-} ]] || return 0
    read -r s m u y <<< "${ROW[$1]}"
    echo "| $2 | $s s | $u s | $y s | $m MiB |"
}
gib() { awk -v b="$1" 'BEGIN {printf "%.2f GiB", b / 1073741824}'; }
REPORT=$(cat <<EOF
# Scale run: $PATIENTS patients, $STARTED

Cohort: \`dayzero generate --patients $PATIENTS --seed $SEED --format long\`: $EVENTS events,
CSV $(gib "$CSV_BYTES"). Store after the import: $(gib "$STORE_BYTES") in $STORE_FILES files.
Results: $GRADE_ROWS daily grades, $EPISODE_ROWS episodes. Verify said: \`$VERIFY\`.
Machine: $(machine); load average $LOAD at the start; commit $COMMIT; build $BUILD; one run
(bench/scale.sh).

| command (whole process) | wall | user CPU | system CPU | peak RSS |
|---|---|---|---|---|
$(row generate "\`dayzero generate\` (the cohort CSV)")
$(row import "\`dayzero import --db DB events.csv\`")
$(row grades "\`dayzero query --db DB 'grades;' --format csv > grades.csv\`")
$(row episodes "\`dayzero query --db DB 'episodes;' --format csv > episodes.csv\`")
$(row q7 "question 7 (\`cohort toci = …; compare first_duration by toci within severe;\`)")
$(row one "\`dayzero query --db DB 'grades $ONE;'\`")
$(row verify "\`dayzero verify --db DB\`")
EOF
)
echo "$REPORT"
if ((WRITE)); then
    OUT=$ROOT/bench/results/$STAMP-scale-$PATIENTS.md
    echo "$REPORT" > "$OUT"
    say "wrote $OUT"
fi
