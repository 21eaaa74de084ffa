#!/usr/bin/env python3
"""Several builds of one short command, compared under a shared machine's load.

usage: bench/interleaved_runs.py RUNS PROGRAM... [-- ARGUMENTS...]

Starts each PROGRAM RUNS times, interleaved run by run (A B C, then C B A, ...) so that every
build meets the same load, with ARGUMENTS (default: the one-patient statement on the
10,000-patient bench store, `query --db /tmp/dayzero-bench-10000-2026/dz.db 'grades P00001;'`)
and standard output to /dev/null. Each child is started with posix_spawn; its user + system CPU
and minor page faults come from wait4, its wall time from around the spawn. Prints, per program,
the median and 25th percentile of CPU and wall, the least wall, and the median page faults, all
in milliseconds; CPU and faults are steadier than wall on a loaded machine.
"""
import os
import subprocess
import sys
import time

DEFAULT_ARGS = ["query", "--db", "/tmp/dayzero-bench-10000-2026/dz.db", "grades P00001;"]


def quantile(values, p):
    """The value at fraction p of the sorted values (no interpolation)."""
    ordered = sorted(values)
    return ordered[int(p * (len(ordered) - 1))]


def main():
    if len(sys.argv) < 3 or not sys.argv[1].isdigit():
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    rest = sys.argv[2:]
    if "--" in rest:
        split = rest.index("--")
        programs, args = rest[:split], rest[split + 1:]
    else:
        programs, args = rest, DEFAULT_ARGS
    programs = [os.path.abspath(p) for p in programs]
    results = {p: [] for p in programs}
    to_null = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    for k in range(runs):
        for program in programs if k % 2 == 0 else programs[::-1]:
            start = time.perf_counter()
            pid = os.posix_spawn(program, [program] + args, os.environ, file_actions=to_null)
            _, _, usage = os.wait4(pid, 0)
            wall = (time.perf_counter() - start) * 1000
            cpu = (usage.ru_utime + usage.ru_stime) * 1000
            results[program].append((cpu, wall, usage.ru_minflt))
    print(subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    for program in programs:
        cpu = [r[0] for r in results[program]]
        wall = [r[1] for r in results[program]]
        faults = [r[2] for r in results[program]]
        print(f"{program}: CPU median {quantile(cpu, .5):.2f} p25 {quantile(cpu, .25):.2f} | "
              f"wall median {quantile(wall, .5):.2f} p25 {quantile(wall, .25):.2f} "
              f"min {min(wall):.2f} | page faults {quantile(faults, .5)}")


if __name__ == "__main__":
    main()
