#!/usr/bin/env bash
# bench/run.sh [--patients N] [--runs R] [--seed S] [--no-write]
# dayzero side by side with SQLite and DuckDB on the same generated cohort (docs/PERFORMANCE.md
# describes the method). Builds what it needs (Release, build-perf), generates the cohort, runs
# each step R times (default 3) and takes medians, CHECKS that both peers derive exactly
# dayzero's daily grades and episodes (fails loudly otherwise, before any time is printed) and
# prints the table. Unless --no-write, it then writes the run, with the machine, its load at the
# start, the date and the commit, to a new dated file bench/results/YYYY-MM-DD-HHMM.md (UTC, the
# start of the run) and, for the default cohort only, replaces the latest table in
# docs/PERFORMANCE.md: just the lines between its two "bench/run.sh: latest table" markers.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERS=$ROOT/bench/peers
PATIENTS=10000
RUNS=3
SEED=2026
WRITE=1
BUILD=${DAYZERO_BENCH_BUILD:-$ROOT/build-perf}
while [[ $# -gt 0 ]]; do
    case $1 in
        --patients) PATIENTS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        --no-write) WRITE=0; shift ;;
        *) echo "usage: bench/run.sh [--patients N] [--runs R] [--seed S] [--no-write]" >&2
           exit 2 ;;
    esac
done
WORK=${DAYZERO_BENCH_WORK:-/tmp/dayzero-bench-$PATIENTS-$SEED}
DEFAULT_PATIENTS=10000  # the cohort whose run becomes docs/PERFORMANCE.md's latest table
NAME=bench/run.sh
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
DZ=$BUILD/shell/dayzero
CB=$BUILD/bench/cohort_bench

# --- build and dependencies ------------------------------------------------------------------
if [[ ! -x $DZ || ! -x $CB || -n ${DAYZERO_BENCH_REBUILD:-} ]]; then
    say "building dayzero and cohort_bench (Release) in $BUILD"
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD" -j2 --target dayzero cohort_bench >/dev/null
fi
if [[ ! -d $PEERS/node_modules/@duckdb/node-api ]]; then
    say "installing @duckdb/node-api (package-lock.json)"
    (cd "$PEERS" && npm ci --silent >/dev/null)
fi
command -v sqlite3 >/dev/null || die "sqlite3 CLI not found (apt-get install sqlite3)"

# --- cohort ----------------------------------------------------------------------------------
mkdir -p "$WORK"
CSV=$WORK/cohort/events.csv
if [[ ! -s $CSV ]]; then
    say "generating $PATIENTS patients (seed $SEED)"
    "$DZ" generate --patients "$PATIENTS" --seed "$SEED" --out "$WORK/cohort" >&2
fi
EVENTS=$(($(wc -l < "$CSV") - 1))

# field KEY LINE: the value of KEY=... in a "RESULT ..." line.
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p" <<< "$2"; }
# settle: lets the disk finish writing back what the step before left (a store, a database
# file) before a timed load starts, so no tool pays for another's write-back.
settle() { sync; sleep 1; }
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
sqlite_sql() {  # sqlite_sql FILE: the peer script with its placeholders filled in
    sed -e "s|@CSV@|$CSV|" -e "s|@DIR@|$PEERS|" -e "s|@OUT@|$WORK/sqlite|" "$PEERS/$1"
}

Q7='cohort toci = patients where doses(tocilizumab) > 0; compare first_duration by toci within severe;'
declare -A SAMPLES
add() { SAMPLES[$1]+="$2"$'\n'; }

# One patient's daily grades, process start to exit (the first patient of the cohort file).
ONE=$(sed -n '2s/,.*//p' "$CSV")
for ((run = 1; run <= RUNS; run++)); do
    say "run $run of $RUNS"
    # Every step is a whole command as a user types it (process start to exit, results written
    # to files), timed by bench/timed.py; peak RSS is the process's. Each tool runs its steps
    # back to back, as a user would (this VM pages out files left untouched for seconds, so a
    # tool's queries long after its load would read cold files), and DuckDB goes just before
    # dayzero, so that the import ratio compares loads seconds apart: the VM's speed drifts
    # over minutes.
    rm -rf "$WORK/dz.db" "$WORK/sqlite.db" "$WORK/duck.db" "$WORK/duck.db.wal"

    settle
    read -r s m < <(timed node "$PEERS/duckdb_bench.mjs" load "$CSV" "$WORK/duck.db")
    add dk_import_s "$s"; add dk_import_rss "$m"
    mkdir -p "$WORK/duckdb"
    read -r s m < <(timed node "$PEERS/duckdb_bench.mjs" export "$WORK/duck.db" "$WORK/duckdb")
    add dk_derive_s "$s"; add dk_derive_rss "$m"
    # Question 7 end to end, process start included (the peers derive from their loaded table,
    # as dayzero derives from its store).
    read -r s m < <(timed node "$PEERS/duckdb_bench.mjs" q7 "$WORK/duck.db")
    add dk_q7_s "$s"; add dk_q7_rss "$m"; cp "$WORK/timed.out" "$WORK/q7_duckdb.out"

    settle
    read -r s m < <(timed "$DZ" import --db "$WORK/dz.db" "$CSV")
    add dz_import_s "$s"; add dz_import_rss "$m"
    read -r gs gm < <(timed sh -c "'$DZ' query --db '$WORK/dz.db' 'grades;' --format csv \
        > '$WORK/dz_grades.csv'")
    add dz_grades_s "$gs"; add dz_grades_rss "$gm"
    read -r es em < <(timed sh -c "'$DZ' query --db '$WORK/dz.db' 'episodes;' --format csv \
        > '$WORK/dz_episodes.csv'")
    add dz_episodes_s "$es"; add dz_episodes_rss "$em"
    # Step 2 is both commands: their times add up, the peak is the larger one's.
    add dz_derive_s "$(awk -v a="$gs" -v b="$es" 'BEGIN {print a + b}')"
    add dz_derive_rss "$(awk -v a="$gm" -v b="$em" 'BEGIN {print (a > b ? a : b)}')"
    read -r s m < <(timed "$DZ" query --db "$WORK/dz.db" "$Q7")
    add dz_q7_s "$s"; add dz_q7_rss "$m"; cp "$WORK/timed.out" "$WORK/q7_dayzero.out"
    read -r s m < <(timed "$DZ" query --db "$WORK/dz.db" "grades $ONE;")
    add dz_one_s "$s"; add dz_one_rss "$m"
    # Diagnosis, not a result: every timeline derived again in-process (what a changed
    # definition costs), because no command forces it on the present.
    line=$("$CB" derive-timelines "$WORK/dz.db") || die "dayzero derive-timelines"
    add dz_derivet_s "$(field seconds "$line")"; add dz_derivet_rss "$(field peak_rss_mib "$line")"

    sqlite_sql sqlite_load.sql > "$WORK/sqlite_load.sql"
    settle
    read -r s m < <(timed sqlite3 "$WORK/sqlite.db" ".read $WORK/sqlite_load.sql")
    add sq_import_s "$s"; add sq_import_rss "$m"
    # Derive, then write both tables as CSV files: the same work as dayzero's two commands.
    mkdir -p "$WORK/sqlite"
    { sqlite_sql sqlite_derive.sql; sqlite_sql sqlite_export.sql; } > "$WORK/sqlite_derive.sql"
    read -r s m < <(timed sqlite3 "$WORK/sqlite.db" ".read $WORK/sqlite_derive.sql")
    add sq_derive_s "$s"; add sq_derive_rss "$m"
    sqlite_sql sqlite_q7.sql > "$WORK/sqlite_q7.sql"
    read -r s m < <(timed sqlite3 "$WORK/sqlite.db" ".read $WORK/sqlite_q7.sql")
    add sq_q7_s "$s"; add sq_q7_rss "$m"; cp "$WORK/timed.out" "$WORK/q7_sqlite.out"
done

# --- equality check: before any time is reported ---------------------------------------------
say "checking SQLite and DuckDB grades/episodes against dayzero"
mkdir -p "$WORK/dayzero" "$WORK/sqlite" "$WORK/duckdb"
line=$("$CB" export "$WORK/dz.db" "$WORK/dayzero") || die "dayzero export"
[[ $(field path "$line") == projection ]] || die "export did not read the stored daily grades: $line"
PATIENT_COUNT=$(field patients "$line")
# The timed commands wrote what the store holds: as many rows as the check's export.
for table in grades episodes; do
    [[ $(wc -l < "$WORK/dz_$table.csv") == $(wc -l < "$WORK/dayzero/$table.csv") ]] ||
        die "dayzero query '$table;' wrote a different number of rows than the export"
done
# The stored daily grades must be exactly what deriving every timeline gives.
mkdir -p "$WORK/dayzero-timelines"
"$CB" export-timelines "$WORK/dz.db" "$WORK/dayzero-timelines" > /dev/null ||
    die "dayzero export-timelines"
for table in grades episodes; do
    cmp -s "$WORK/dayzero/$table.csv" "$WORK/dayzero-timelines/$table.csv" ||
        die "the stored $table differ from the timelines' (diff $WORK/dayzero{,-timelines}/$table.csv)"
done
# SQLite's and DuckDB's CSV files are the ones their timed step 2 wrote in the last run.
for peer in sqlite duckdb; do
    for table in grades episodes; do
        # Same header and rows; row order and CSV line endings are not part of the answer.
        norm() { tr -d '\r' < "$1" | { IFS= read -r header; echo "$header"; LC_ALL=C sort; }; }
        if ! diff <(norm "$WORK/dayzero/$table.csv") <(norm "$WORK/$peer/$table.csv") \
                > "$WORK/$peer-$table.diff"; then
            echo "MISMATCH: $peer $table differs from dayzero ($(grep -c '^[<>]' \
                "$WORK/$peer-$table.diff") lines); first differences (< dayzero, > $peer):" >&2
            head -20 "$WORK/$peer-$table.diff" >&2
            die "$peer does not reproduce dayzero's $table (full diff: $WORK/$peer-$table.diff)"
        fi
    done
done
GRADE_ROWS=$(($(wc -l < "$WORK/dayzero/grades.csv") - 1))
EPISODE_ROWS=$(($(wc -l < "$WORK/dayzero/episodes.csv") - 1))
say "equal: $GRADE_ROWS daily grades and $EPISODE_ROWS episodes in all three"

say "timeline latency over 1,000 random patients"
line=$("$CB" timeline "$WORK/dz.db" 1000 "$SEED") || die "timeline"
P50=$(field p50_ms "$line"); P99=$(field p99_ms "$line"); PMAX=$(field max_ms "$line")

# --- table -----------------------------------------------------------------------------------
med() { printf '%s' "${SAMPLES[$1]}" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f×", a / b}'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%\047.0f", n / s}'; }
fmt() { awk -v s="$1" 'BEGIN {printf (s < 0.1 ? "%.3f s" : "%.2f s"), s}'; }
runs() { printf '%s' "${SAMPLES[$1]}" | awk '{printf "%s%.2f", (NR > 1 ? ", " : ""), $1}'; }
# ratios A B: peer ÷ dayzero for each run, in run order.
ratios() {
    paste <(printf '%s' "${SAMPLES[$1]}") <(printf '%s' "${SAMPLES[$2]}") |
        awk '{printf "%s%.1f×", (NR > 1 ? ", " : ""), $1 / $2}'
}
for k in dz sq dk; do for s in import derive q7; do
    declare "${k}_${s}=$(med ${k}_${s}_s)"; declare "${k}_${s}_m=$(med ${k}_${s}_rss)"
done; done
dz_derivet=$(med dz_derivet_s); dz_derivet_m=$(med dz_derivet_rss)
for s in grades episodes one; do
    declare "dz_${s}=$(med dz_${s}_s)"; declare "dz_${s}_m=$(med dz_${s}_rss)"
done

TABLE=$(cat <<EOF
Cohort: $PATIENTS patients, $EVENTS events (\`dayzero generate --seed $SEED\`), $GRADE_ROWS daily
grades and $EPISODE_ROWS episodes — identical in dayzero, SQLite and DuckDB (checked by the run).
Machine: $(machine); load average $LOAD at the start; $STARTED;
commit $COMMIT; medians of $RUNS runs; sqlite3 $(sqlite3 --version | cut -d' ' -f1), DuckDB @duckdb/node-api $(node -p "require('$PEERS/node_modules/@duckdb/node-api/package.json').version") via node $(node --version).

| step | dayzero | SQLite | DuckDB | SQLite ÷ dayzero | DuckDB ÷ dayzero |
|---|---|---|---|---|---|
| 1. import CSV (time) | $(fmt $dz_import) | $(fmt $sq_import) | $(fmt $dk_import) | $(ratio $sq_import $dz_import) | $(ratio $dk_import $dz_import) |
| 1. import (events/s) | $(rate $EVENTS $dz_import) | $(rate $EVENTS $sq_import) | $(rate $EVENTS $dk_import) | | |
| 1. import peak RSS | ${dz_import_m} MiB | ${sq_import_m} MiB | ${dk_import_m} MiB | | |
| 2. whole trial's daily grades + episodes to CSV files | $(fmt $dz_derive) | $(fmt $sq_derive) | $(fmt $dk_derive) | $(ratio $sq_derive $dz_derive) | $(ratio $dk_derive $dz_derive) |
| 2. (patients/s) | $(rate $PATIENT_COUNT $dz_derive) | $(rate $PATIENT_COUNT $sq_derive) | $(rate $PATIENT_COUNT $dk_derive) | | |
| 2. peak RSS | ${dz_derive_m} MiB | ${sq_derive_m} MiB | ${dk_derive_m} MiB | | |
| 2a. of which \`grades;\` to CSV | $(fmt $dz_grades), ${dz_grades_m} MiB | | | | |
| 2a. of which \`episodes;\` to CSV | $(fmt $dz_episodes), ${dz_episodes_m} MiB | | | | |
| 2b. diagnosis: every timeline derived again, in-process | $(fmt $dz_derivet), ${dz_derivet_m} MiB | | | | |
| 3. question 7 end to end (process start included) | $(fmt $dz_q7) | $(fmt $sq_q7) | $(fmt $dk_q7) | $(ratio $sq_q7 $dz_q7) | $(ratio $dk_q7 $dz_q7) |
| 3. peak RSS | ${dz_q7_m} MiB | ${sq_q7_m} MiB | ${dk_q7_m} MiB | | |
| 4. \`grades $ONE;\`, process start to exit | $(fmt $dz_one), ${dz_one_m} MiB | – | – | | |
| 4b. diagnosis: one patient's timeline in-process, p50 / p99 / max | $P50 / $P99 / $PMAX ms | – | – | | |

Each run's import, in run order: dayzero $(runs dz_import_s) s; SQLite $(runs sq_import_s) s;
DuckDB $(runs dk_import_s) s (DuckDB ÷ dayzero per run: $(ratios dk_import_s dz_import_s)).

Ratios are peer time ÷ dayzero time (above 1×, dayzero is faster). How each step is timed and
what it includes: docs/PERFORMANCE.md. Question 7 is \`$Q7\`.
EOF
)
echo "$TABLE"

if [[ $WRITE == 1 ]]; then
    # Every run keeps its own dated file; nothing earlier is rewritten.
    RESULTS_DIR=$ROOT/bench/results
    mkdir -p "$RESULTS_DIR"
    RESULT=$RESULTS_DIR/$STAMP.md
    n=2
    while [[ -e $RESULT ]]; do RESULT=$RESULTS_DIR/$STAMP-$n.md; n=$((n + 1)); done
    {
        echo "# bench/run.sh, $STARTED"
        echo
        echo "\`bench/run.sh --patients $PATIENTS --runs $RUNS --seed $SEED\`, build $BUILD."
        echo
        echo "$TABLE"
    } > "$RESULT"
    say "wrote $RESULT"

    # docs/PERFORMANCE.md shows one table, the latest run on the default cohort: only the lines
    # between the two markers are replaced, so the method around them is never touched.
    DOC=$ROOT/docs/PERFORMANCE.md
    BEGIN='<!-- bench/run.sh: latest table (begin) -->'
    END='<!-- bench/run.sh: latest table (end) -->'
    if [[ $PATIENTS != "$DEFAULT_PATIENTS" ]]; then
        say "not the default cohort ($DEFAULT_PATIENTS patients): $DOC left as it is"
    elif [[ ! -f $DOC || $(grep -cxF "$BEGIN" "$DOC") != 1 ||
            $(grep -cxF "$END" "$DOC") != 1 ]]; then
        die "$DOC lacks one '$BEGIN' and one '$END' line; the run is in $RESULT"
    else
        BLOCK=$WORK/latest_table.md
        { echo "Latest run: [bench/results/${RESULT##*/}](../bench/results/${RESULT##*/})."
          echo; echo "$TABLE"; } > "$BLOCK"
        awk -v block="$BLOCK" -v begin="$BEGIN" -v end="$END" '
            $0 == begin { print; while ((getline l < block) > 0) print l; skip = 1; next }
            $0 == end { skip = 0 }
            !skip { print }' "$DOC" > "$DOC.tmp" && mv "$DOC.tmp" "$DOC"
        say "replaced the latest table in $DOC"
    fi
fi
