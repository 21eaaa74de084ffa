#pragma once
// The real `dayzero` executable as a child process, for the tests that kill it mid-way.

#include <sys/types.h>

#include <string>
#include <vector>

namespace dayzero::robust {

// Starts `dayzero args...` (the binary this build produced) and returns its pid; stdout and
// stderr both go to file `output`.
pid_t spawn_dayzero(const std::vector<std::string>& args, const std::string& output = "/dev/null");

// Runs `dayzero args...` to completion; returns its exit status (-1 if it did not exit).
int run_dayzero(const std::vector<std::string>& args, const std::string& output = "/dev/null");

// True once `pid` has exited (reaped; its wait status goes to `status`), without blocking.
bool child_exited(pid_t pid, int& status);

// Sends SIGKILL to `pid` unless it already exited, reaps it and returns true if the kill ended
// it (false: it had finished on its own).
bool kill_child(pid_t pid);

}  // namespace dayzero::robust
