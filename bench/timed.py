#!/usr/bin/env python3
# bench/timed.py OUT CMD...: runs CMD (its standard output to the file OUT, its standard error
# passed through) and prints "TIME wall_seconds peak_rss_kib user_seconds system_seconds" of the
# whole process to standard error, the same line bench/common.sh read from GNU time before: GNU
# time gives the wall time in hundredths of a second, too coarse for a command that takes 10 ms.
# The clock starts just before the process is spawned and stops when it has been reaped.
import os
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: bench/timed.py OUT CMD...")
    out, cmd = sys.argv[1], sys.argv[2:]
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    start = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, fd, 1)])
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(fd)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench/timed.py: {cmd[0]} exited with {code}")
    print(f"TIME {wall:.4f} {usage.ru_maxrss} {usage.ru_utime:.3f} {usage.ru_stime:.3f}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
