#pragma once
// The real `dayzero` executable as a child process, for the tests that kill it mid-way.

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace dayzero::robust {

// Environment variables set for a child only (name, value).
using ChildEnv = std::vector<std::pair<std::string, std::string>>;

// Starts `dayzero args...` (the binary this build produced) and returns its pid; stdout and
// stderr both go to file `output`; `env` is added to the child's environment.
pid_t spawn_dayzero(const std::vector<std::string>& args, const std::string& output = "/dev/null",
                    const ChildEnv& env = {});

// Runs `dayzero args...` to completion; returns its exit status (-1 if it did not exit).
int run_dayzero(const std::vector<std::string>& args, const std::string& output = "/dev/null");

// True once `pid` has exited (reaped; its wait status goes to `status`), without blocking.
bool child_exited(pid_t pid, int& status);

// Waits for `pid` to exit, at most `seconds` (a generous bound: a child still running then is
// hung, not slow); on time-out kills it. True when it exited by itself (status in `status`).
bool wait_bounded(pid_t pid, int seconds, int& status);

// Sends SIGKILL to `pid` unless it already exited, reaps it and returns true if the kill ended
// it (false: it had finished on its own).
bool kill_child(pid_t pid);

}  // namespace dayzero::robust
