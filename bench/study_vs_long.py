#!/usr/bin/env python3
# bench/study_vs_long.py ROUNDS COHORT BUILD... : the strict SDTM study of a generated cohort
# against its long CSV, as a user types both (`dayzero import --db NEW_STORE COHORT/sdtm`, then
# `... COHORT/events.csv`), for one or more builds. Each round imports both into fresh stores with
# every build, the builds' and the two imports' order reversed every other round, so that all meet
# the same load on a VM whose speed drifts. CPU (user + system), wall time and peak memory come
# from wait4. Prints every round, then per build the medians and the study ÷ long ratios' median
# and range. COHORT is `dayzero generate`'s output folder (events.csv and sdtm/); BUILD is a build
# folder (BUILD/shell/dayzero) or the program itself.
import os
import shutil
import statistics
import sys
import tempfile
import time


def program(build):
    return build if os.path.isfile(build) else os.path.join(build, "shell", "dayzero")


def run(prog, source, scratch):
    db = os.path.join(scratch, "store")
    shutil.rmtree(db, ignore_errors=True)
    start = time.time()
    pid = os.posix_spawn(prog, [prog, "import", "--db", db, source], os.environ,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
                                       (os.POSIX_SPAWN_OPEN, 2, "/dev/null", os.O_WRONLY, 0)])
    _, status, usage = os.wait4(pid, 0)
    wall = time.time() - start
    shutil.rmtree(db, ignore_errors=True)
    if status != 0:
        sys.exit(f"study_vs_long.py: {prog} import {source} failed (status {status})")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def main():
    if len(sys.argv) < 4:
        sys.exit("usage: bench/study_vs_long.py ROUNDS COHORT BUILD...")
    rounds, cohort, builds = int(sys.argv[1]), sys.argv[2], [program(b) for b in sys.argv[3:]]
    sources = {"study": os.path.join(cohort, "sdtm"), "long": os.path.join(cohort, "events.csv")}
    got = {b: {"study": [], "long": []} for b in builds}
    with tempfile.TemporaryDirectory(prefix="dayzero-study-vs-long-") as scratch:
        for r in range(rounds):
            for b in (builds if r % 2 == 0 else builds[::-1]):
                order = ["study", "long"] if r % 2 == 0 else ["long", "study"]
                one = {what: run(b, sources[what], scratch) for what in order}
                for what in order:
                    got[b][what].append(one[what])
                s, l = one["study"], one["long"]
                print(f"round {r} {b}: study {s[0]:.2f} s CPU, {s[1]:.2f} s wall, {s[2]:.0f} MiB;"
                      f" long {l[0]:.2f} s CPU, {l[1]:.2f} s wall; study/long CPU"
                      f" {s[0] / l[0]:.2f}, wall {s[1] / l[1]:.2f}", flush=True)
    for b in builds:
        study, long = got[b]["study"], got[b]["long"]
        cpu = [s[0] / l[0] for s, l in zip(study, long)]
        wall = [s[1] / l[1] for s, l in zip(study, long)]
        print(f"{b}: study CPU {statistics.median(s[0] for s in study):.2f} s, wall"
              f" {statistics.median(s[1] for s in study):.2f} s, peak {max(s[2] for s in study):.0f}"
              f" MiB; long CPU {statistics.median(l[0] for l in long):.2f} s, wall"
              f" {statistics.median(l[1] for l in long):.2f} s; study/long CPU"
              f" {statistics.median(cpu):.2f} ({min(cpu):.2f}-{max(cpu):.2f}), wall"
              f" {statistics.median(wall):.2f} ({min(wall):.2f}-{max(wall):.2f})")


if __name__ == "__main__":
    main()
