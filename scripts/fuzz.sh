#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, -DDAYZERO_FUZZ=ON) in build-fuzz and runs each for a
# bounded time. Usage: scripts/fuzz.sh [seconds-per-target=60] [target...]
# Seeds come from the committed fixtures (CSV files, hostile corpus, statements of the e2e tests);
# crashes land in build-fuzz/crashes/<target>/ and make the script exit non-zero.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-fuzz"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_csv_reader fuzz_event_decoder fuzz_long_decoder fuzz_query)

CXX=clang++ CC=clang cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDAYZERO_FUZZ=ON -DDAYZERO_BUILD_TESTS=OFF -DDAYZERO_BUILD_BENCH=OFF > /dev/null
cmake --build "$build" -j2 --target "${targets[@]}"

seed_dir() {  # $1 = target; fills and prints its corpus folder
    local dir="$build/corpus/$1"
    mkdir -p "$dir"
    case "$1" in
        fuzz_csv_reader|fuzz_long_decoder)
            find "$root/tests/importers/data" "$root/tests/hostile" -name '*.csv' \
                -size -64k -exec cp {} "$dir/" \; ;;
        fuzz_query)
            cp "$root"/tests/hostile/*.dzq "$dir/"
            # Every statement line of the end-to-end tests is a seed of its own.
            local n=0
            grep -h -E '^[a-z].*;[[:space:]]*$' -r "$root/tests/e2e" --include='*.test' |
                sort -u | while IFS= read -r line; do
                    n=$((n + 1)); printf '%s\n' "$line" > "$dir/e2e_$n.dzq"; done ;;
        fuzz_event_decoder) ;;  # starts from nothing: record bytes are small and structured
    esac
    echo "$dir"
}

status=0
for target in "${targets[@]}"; do
    corpus="$(seed_dir "$target")"
    crashes="$build/crashes/$target"
    mkdir -p "$crashes"
    echo "== $target: ${seconds}s, seeds: $(ls "$corpus" | wc -l)"
    if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 \
            -timeout=10 -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" \
            > "$build/$target.log" 2>&1; then
        echo "!! $target found a problem: see $build/$target.log and $crashes/"
        status=1
    fi
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|^#[0-9]+.*DONE' \
        "$build/$target.log" || tail -3 "$build/$target.log"
done
exit $status
