#!/usr/bin/env python3
"""The interactive shell's statements as a user sees them.

usage: bench/shell_timing.py DAYZERO STORE SCRIPT [SESSIONS]

Starts `DAYZERO shell --db STORE` on a pseudo-terminal (a real terminal to the shell: line
editing, echo, the prompt), then types each statement of SCRIPT and times it from the moment its
first line is written until the next prompt has been printed. SESSIONS sessions (default 5) run
one after another; each statement's median and minimum over them are printed, in milliseconds.
Comment lines (`--`) and blank lines are skipped; a statement may span lines (the shell's
continuation prompt is awaited between them). Statements that write files are timed like any
other, so leave them out for a figure of the shell alone.
"""
import os
import pty
import select
import sys
import time


def statements(path):
    """The script's statements, each as its list of lines."""
    found, current = [], []
    with open(path, encoding="utf-8") as script:
        for line in script.read().splitlines():
            if not line.strip() or line.lstrip().startswith("--"):
                continue
            current.append(line)
            if line.rstrip().endswith(";"):
                found.append(current)
                current = []
    return found


def read_until(fd, marker, timeout=60.0):
    """Reads the terminal until `marker` appears; fails after `timeout` seconds."""
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            sys.exit(f"shell_timing: no {marker!r} after {timeout} s; last output: {seen[-200:]!r}")
        seen += os.read(fd, 65536)
    return seen


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    dayzero, store, script = sys.argv[1:4]
    sessions = int(sys.argv[4]) if len(sys.argv) == 5 else 5
    # The shell's prompt is the store folder's name without its extension.
    name = os.path.basename(os.path.normpath(store))
    prompt = (os.path.splitext(name)[0] + "> ").encode()
    times = {}
    typed = statements(script)
    for _ in range(sessions):
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(dayzero, [dayzero, "shell", "--db", store])
        read_until(fd, prompt)
        for lines in typed:
            start = time.monotonic()
            for i, line in enumerate(lines):
                os.write(fd, line.encode() + b"\n")
                if i + 1 < len(lines):
                    read_until(fd, b"...> ")
            read_until(fd, prompt)
            times.setdefault(lines[0], []).append((time.monotonic() - start) * 1000)
        os.write(fd, b".quit\n")
        os.waitpid(pid, 0)
    print(f"{'median':>8} {'min':>8}  statement (ms, {sessions} sessions)")
    for first_line, ms in times.items():
        ms.sort()
        print(f"{ms[len(ms) // 2]:8.1f} {ms[0]:8.1f}  {first_line[:70]}")


if __name__ == "__main__":
    main()
