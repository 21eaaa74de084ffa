#!/usr/bin/env bash
# Regenerates the committed seed corpora tests/fuzz/corpus/<target>/ from the fixtures and the
# end-to-end files. Crash reproducers (crash_*) in those folders are kept. The event decoder's
# seeds are bytes of encoded events: pass the fuzz_event_seeds program to (re)write them.
# Usage: tests/fuzz/make_corpus.sh [path/to/fuzz_event_seeds]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
corpus="$root/tests/fuzz/corpus"

reset() {  # $1 = target: empties its seeds, keeps crash reproducers
    mkdir -p "$corpus/$1"
    find "$corpus/$1" -type f ! -name 'crash_*' -delete
}
# Copies files, each named after its path under the root (a/b.csv -> a_b.csv).
add() {  # $1 = target, then files
    local target="$1"; shift
    for f in "$@"; do
        local rel="${f#"$root"/}"
        cp "$f" "$corpus/$target/${rel//\//_}"
    done
}

csv_fixtures=("$root"/tests/importers/data/long/*.csv "$root"/tests/importers/data/sdtm/cohort_long.csv
              "$root"/tests/e2e/audit/mini_events.csv "$root"/tests/hostile/*.csv)

reset fuzz_csv_reader
add fuzz_csv_reader "${csv_fixtures[@]}" "$root"/tests/importers/data/sdtm/cohort/*.csv \
    "$root"/examples/wide/site_sheet.csv

reset fuzz_long_decoder
add fuzz_long_decoder "${csv_fixtures[@]}"
# The first rows of the example cohort: every event kind the generator writes.
head -n 120 "$root/examples/cohort45/events.csv" > "$corpus/fuzz_long_decoder/cohort45_head.csv"

reset fuzz_wide_decoder
add fuzz_wide_decoder "$root/examples/wide/site_sheet.csv" "$root"/tests/hostile/*.csv

# SDTM: one input is a whole study, domains in the order the target splits them (lines "%%").
reset fuzz_sdtm_decoder
for study in cohort messy; do
    out="$corpus/fuzz_sdtm_decoder/study_$study.txt"
    : > "$out"
    first=1
    for domain in dm ex vs lb cm pr ae rs ds; do
        [ $first -eq 1 ] || printf '\n%%%%\n' >> "$out"
        first=0
        f="$root/tests/importers/data/sdtm/$study/$domain.csv"
        if [ -f "$f" ]; then
            # Without its final newline: the separator supplies it.
            head -c "$(($(wc -c < "$f") - 1))" "$f" >> "$out"
        fi
    done
done

reset fuzz_query
add fuzz_query "$root"/tests/hostile/*.dzq "$root/examples/tour.dz"
# Every statement line of the end-to-end tests is a seed of its own.
n=0
while IFS= read -r line; do
    n=$((n + 1))
    printf '%s\n' "$line" > "$corpus/fuzz_query/e2e_$n.dzq"
done < <(grep -h -E '^[a-z].*;[[:space:]]*$' -r "$root/tests/e2e" --include='*.test' | sort -u)

if [ $# -ge 1 ]; then
    reset fuzz_event_decoder
    "$1" "$corpus/fuzz_event_decoder"
fi
du -sh "$corpus"/* | sed "s|$root/||"
