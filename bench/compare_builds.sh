#!/usr/bin/env bash
# bench/compare_builds.sh BEFORE_BUILD AFTER_BUILD [--runs R] [--patients N] [--seed S]
# Two builds of dayzero side by side on the whole commands bench/run.sh times (import, grades and
# episodes to CSV, one patient, question 7), alternating before/after within each run so both meet
# the same load. It answers "is anything slower after this change?" for a refactoring; peers are
# left out (bench/run.sh compares with them). Checks that both builds write the same grades and
# episodes before printing any time, then prints a Markdown table of every run's seconds and
# peak memory, with the machine and its load, for a dated file under bench/results/.
set -euo pipefail

BEFORE=${1:?usage: bench/compare_builds.sh BEFORE_BUILD AFTER_BUILD [--runs R]}
AFTER=${2:?usage: bench/compare_builds.sh BEFORE_BUILD AFTER_BUILD [--runs R]}
shift 2
RUNS=3
PATIENTS=10000
SEED=2026
while [[ $# -gt 0 ]]; do
    case $1 in
        --runs) RUNS=$2; shift 2 ;;
        --patients) PATIENTS=$2; shift 2 ;;
        --seed) SEED=$2; shift 2 ;;
        *) echo "usage: bench/compare_builds.sh BEFORE_BUILD AFTER_BUILD [--runs R]" >&2; exit 2 ;;
    esac
done
WORK=${DAYZERO_BENCH_WORK:-/tmp/dayzero-bench-$PATIENTS-$SEED}
TIMER=$(cd "$(dirname "$0")" && pwd)/timed.py
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
die() { echo "bench/compare_builds.sh: FAILED: $*" >&2; exit 1; }
for build in "$BEFORE" "$AFTER"; do
    [[ -x $build/shell/dayzero ]] || die "no $build/shell/dayzero (build it first)"
done

CSV=$WORK/cohort/events.csv
if [[ ! -s $CSV ]]; then
    mkdir -p "$WORK"
    "$AFTER/shell/dayzero" generate --patients "$PATIENTS" --seed "$SEED" --out "$WORK/cohort" >&2
fi
ONE=$(sed -n '2s/,.*//p' "$CSV")
# Question 7 as bench/run.sh asks it; builds from before the measure was renamed call it
# `duration`, so a build that refuses the current name is asked with the old one.
q7_for() {
    local q='cohort toci = patients where doses(tocilizumab) > 0; compare first_duration by toci within severe;'
    local measures
    measures=$("$1/shell/dayzero" query --db "$2" 'show measures;' 2>/dev/null || true)
    if [[ $measures != *first_duration* ]]; then
        q=${q/first_duration/duration}
    fi
    printf '%s' "$q"
}
timed() {  # timed CMD...: "seconds peak_rss_mib" of the whole process
    local out
    out=$( python3 "$TIMER" /dev/null "$@" 2>&1 ) || die "$* -> $out"
    awk '/^TIME/ {printf "%s %.0f", $2, $3 / 1024}' <<< "$out"
}

# same_values A B: the two CSV files hold the same rows and fields; where they differ, A's number
# must be B's rounded to the decimals A shows (builds before full-precision export rounded: 31.8
# for 31.7999…, 37.0 for 37).
same_values() {
    awk -F, 'NR == FNR { a[FNR] = $0; n = FNR; next }
        {
            if (!(FNR in a)) exit 1
            split(a[FNR], x, ","); if (length(x) != NF) exit 1
            for (i = 1; i <= NF; i++) {
                if (x[i] == $i) continue
                if (x[i] !~ /^-?[0-9]+(\.[0-9]+)?$/ || $i !~ /^-?[0-9.eE+-]+$/) exit 1
                decimals = index(x[i], ".") ? length(x[i]) - index(x[i], ".") : 0
                d = x[i] - $i; if (d < 0) d = -d
                if (d > 0.5000001 * 10 ^ -decimals) exit 1
            }
            rows = FNR
        }
        END { if (rows != n) exit 1 }' "$1" "$2"
}

declare -A CELL
STEPS=(import grades episodes one q7)
for ((run = 1; run <= RUNS; run++)); do
    for side in before after; do
        build=$BEFORE; [[ $side == after ]] && build=$AFTER
        dz=$build/shell/dayzero
        db=$WORK/compare-$side.db
        rm -rf "$db"
        # Builds that refuse a store folder that does not exist yet are given one with `init`.
        "$dz" init --db "$db" > /dev/null 2>&1 || true
        sync; sleep 1
        CELL[$side,import]+="$(timed "$dz" import --db "$db" "$CSV")"$'\n'
        CELL[$side,grades]+="$(timed sh -c "'$dz' query --db '$db' 'grades;' --format csv > '$WORK/compare-$side-grades.csv'")"$'\n'
        CELL[$side,episodes]+="$(timed sh -c "'$dz' query --db '$db' 'episodes;' --format csv > '$WORK/compare-$side-episodes.csv'")"$'\n'
        CELL[$side,one]+="$(timed "$dz" query --db "$db" "grades $ONE;")"$'\n'
        CELL[$side,q7]+="$(timed "$dz" query --db "$db" "$(q7_for "$build" "$db")")"$'\n'
    done
    for table in grades episodes; do
        same_values "$WORK/compare-before-$table.csv" "$WORK/compare-after-$table.csv" ||
            die "the two builds' $table CSV differ (run $run)"
    done
done

echo "# Two builds compared: whole commands, alternating (bench/compare_builds.sh)"; echo; echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); load at start $LOAD; $STARTED"
echo "Cohort: $PATIENTS patients, seed $SEED, $(($(wc -l < "$CSV") - 1)) events. Before: $BEFORE; after: $AFTER."
echo "Both builds wrote the same grades and episodes CSV in every run (the earlier build's numbers rounded for display, the later's full precision)."
echo
# cell SIDE STEP: each run's "seconds MiB", then the median seconds.
cell() {
    local runs median
    runs=$(printf '%s' "${CELL[$1,$2]}" | awk 'NF {printf "%s%s s %s MiB", sep, $1, $2; sep = "<br>"}')
    median=$(printf '%s' "${CELL[$1,$2]}" | awk 'NF {print $1}' | sort -g |
        awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
    printf '%s | **%s s**' "$runs" "$median"
}
echo "| command | before, each run | before, median | after, each run | after, median |"
echo "|---|---|---|---|---|"
declare -A LABEL=([import]="\`dayzero import --db D events.csv\`"
    [grades]="\`dayzero query --db D 'grades;' --format csv > file\`"
    [episodes]="\`dayzero query --db D 'episodes;' --format csv > file\`"
    [one]="\`dayzero query --db D 'grades $ONE;'\`"
    [q7]="question 7 (\`compare … by toci within severe\`)")
for step in "${STEPS[@]}"; do
    echo "| ${LABEL[$step]} | $(cell before "$step") | $(cell after "$step") |"
done
