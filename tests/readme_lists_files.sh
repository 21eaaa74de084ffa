#!/usr/bin/env bash
# tests/readme_lists_files.sh [SOURCE_DIR]
# Keeps the folder READMEs true: fails, naming the folder and the file, when a code folder's
# README.md does not mention one of the source files (.cpp, .h, .g4, .sh) at the folder's top
# level, or when tests/README.md does not mention one of tests/' subfolders (as `name/`). The
# code folders are every top-level folder with a CMakeLists.txt, plus scripts/ and examples/, so
# a new folder is checked from the start. Registered in tests/CMakeLists.txt as the ctest test
# "docs: folder READMEs list their files".
set -euo pipefail

root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
if [[ ! -d $root ]]; then
    echo "usage: tests/readme_lists_files.sh [SOURCE_DIR]" >&2
    exit 2
fi

# mentions README NAME: NAME appears in README with no name character just before or after it,
# so `codec.h` is not taken for a mention inside `summary_codec.h` or `codec.hpp`.
mentions() {
    local escaped
    escaped=$(printf '%s' "$2" | sed 's/[][\\.*^$+?(){}|/]/\\&/g')
    grep -Eq "(^|[^A-Za-z0-9_.-])${escaped}([^A-Za-z0-9_-]|\$)" "$1"
}

missing=0
checked=0
report() {  # report FOLDER WHAT
    echo "$1/README.md does not mention $2" >&2
    missing=$((missing + 1))
}

for dir in "$root"/*/; do
    folder=$(basename "$dir")
    [[ -f $dir/CMakeLists.txt || $folder == scripts || $folder == examples ]] || continue
    readme=$dir/README.md
    if [[ ! -f $readme ]]; then
        echo "$folder/ has no README.md (a table of its files and its place in the layers)" >&2
        missing=$((missing + 1))
        continue
    fi
    if [[ $folder == tests ]]; then
        # tests/ is checked by its subfolders, written with their slash (`store/`): each area
        # keeps many files, and a bare word such as "hostile" is not a mention of the folder.
        while IFS= read -r sub; do
            checked=$((checked + 1))
            mentions "$readme" "$sub/" || report "$folder" "its subfolder $sub/"
        done < <(find "$dir" -mindepth 1 -maxdepth 1 -type d ! -name '.*' -printf '%f\n' | sort)
        continue
    fi
    while IFS= read -r file; do
        checked=$((checked + 1))
        mentions "$readme" "$file" || report "$folder" "$file"
    done < <(find "$dir" -mindepth 1 -maxdepth 1 -type f \
        \( -name '*.cpp' -o -name '*.h' -o -name '*.g4' -o -name '*.sh' \) -printf '%f\n' | sort)
done

if ((missing > 0)); then
    echo "readme_lists_files: $missing missing; add a line for each to the folder's README.md" >&2
    exit 1
fi
echo "readme_lists_files: every folder README names its $checked files and subfolders"
