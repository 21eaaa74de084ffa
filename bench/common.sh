# shellcheck shell=bash disable=SC2034
# Sourced by bench/run.sh and bench/scale.sh: the run's identity and the whole-command timer.
# Expects ROOT (the repository) to be set; NAME (the script's name, for messages) optional.

# The run's identity, taken before any work so the load is the machine's, not ours.
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
STAMP=$(date -u '+%Y-%m-%d-%H%M')
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ $COMMIT != unknown && -n $(git -C "$ROOT" status --porcelain --untracked-files=no) ]]; then
    COMMIT="$COMMIT with uncommitted changes"
fi

say() { echo "== $*" >&2; }
die() { echo "${NAME:-bench}: FAILED: $*" >&2; exit 1; }

# machine: one line naming the cores, CPU model, memory and operating system.
machine() {
    local model mem os
    model=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
    mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
    os=$(. /etc/os-release && echo "$PRETTY_NAME")
    echo "$(nproc) cores ($model), $mem, $os"
}

# timed_cpu CMD...: runs CMD under bench/timed.py with its standard output in $WORK/timed.out;
# prints "seconds peak_rss_mib user_seconds system_seconds" (the whole process's).
timed_cpu() {
    local out
    out=$( python3 "$ROOT/bench/timed.py" "$WORK/timed.out" "$@" 2>&1 ) || die "$* -> $out"
    awk '/^TIME/ {printf "%s %.1f %s %s\n", $2, $3 / 1024, $4, $5}' <<< "$out"
}

# timed CMD...: as timed_cpu, "seconds peak_rss_mib" only.
timed() { timed_cpu "$@" | cut -d' ' -f1,2; }
