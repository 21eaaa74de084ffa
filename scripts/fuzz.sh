#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, -DDAYZERO_FUZZ=ON) and runs each for a bounded time.
# Usage: scripts/fuzz.sh [seconds-per-target=60] [target...]
#   DAYZERO_FUZZ_BUILD_DIR  build folder (default: build-fuzz)
#   DAYZERO_FUZZ_NICE       niceness of the fuzzing processes (default: 19; the build shares it)
# Seeds: the committed corpora tests/fuzz/corpus/<target>/ (read only; tests/fuzz/make_corpus.sh
# rebuilds them from the fixtures). New interesting inputs go to <build>/corpus/<target>/; crashes
# land in <build>/crashes/<target>/ and make the script exit non-zero. A crash input, once fixed,
# is copied into tests/fuzz/corpus/<target>/crash_<name> so the "fuzz corpus" CTest tests replay it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${DAYZERO_FUZZ_BUILD_DIR:-$root/build-fuzz}"
niceness="${DAYZERO_FUZZ_NICE:-19}"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_csv_reader fuzz_event_decoder fuzz_long_decoder
                                     fuzz_wide_decoder fuzz_sdtm_decoder fuzz_query)

# The shim folder makes Debian's ANTLR 4.9 headers acceptable to clang (see the shim's comment).
CXX=clang++ CC=clang cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="-I$root/tests/fuzz/antlr_shim" \
    -DDAYZERO_FUZZ=ON -DDAYZERO_BUILD_TESTS=OFF -DDAYZERO_BUILD_BENCH=OFF > /dev/null
nice -n "$niceness" cmake --build "$build" -j2 --target "${targets[@]}"

status=0
for target in "${targets[@]}"; do
    seeds="$root/tests/fuzz/corpus/$target"
    corpus="$build/corpus/$target"
    crashes="$build/crashes/$target"
    mkdir -p "$corpus" "$crashes"
    echo "== $target: ${seconds}s, seeds: $(find "$seeds" -type f | wc -l)"
    if ! nice -n "$niceness" "$build/tests/fuzz/$target" -max_total_time="$seconds" \
            -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$crashes/" -print_final_stats=1 \
            "$corpus" "$seeds" > "$build/$target.log" 2>&1; then
        echo "!! $target found a problem: see $build/$target.log and $crashes/"
        status=1
    fi
    # Executions, speed and coverage (cov: edges, ft: features) of the final state.
    grep -E '^#[0-9]+.*DONE' "$build/$target.log" || tail -3 "$build/$target.log"
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' \
        "$build/$target.log" || true
done
exit $status
