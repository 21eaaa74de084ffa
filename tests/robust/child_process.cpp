// The real `dayzero` executable as a child process (see child_process.h).
#include "child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace dayzero::robust {

pid_t spawn_dayzero(const std::vector<std::string>& args, const std::string& output,
                    const ChildEnv& env) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(DAYZERO_BINARY));
    for (const auto& arg : args)
        argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        for (const auto& [name, value] : env)
            ::setenv(name.c_str(), value.c_str(), 1);
        const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out >= 0) {
            ::dup2(out, STDOUT_FILENO);
            ::dup2(out, STDERR_FILENO);
        }
        ::execv(DAYZERO_BINARY, argv.data());
        ::_exit(127);
    }
    return pid;
}

int run_dayzero(const std::vector<std::string>& args, const std::string& output) {
    const pid_t pid = spawn_dayzero(args, output);
    int status = 0;
    if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool child_exited(pid_t pid, int& status) {
    return ::waitpid(pid, &status, WNOHANG) == pid;
}

bool wait_bounded(pid_t pid, int seconds, int& status) {
    for (long tenth = 0; tenth < 10L * seconds; ++tenth) {
        if (child_exited(pid, status)) return true;
        ::usleep(100'000);
    }
    if (child_exited(pid, status)) return true;
    kill_child(pid);
    return false;
}

bool kill_child(pid_t pid) {
    int status = 0;
    if (child_exited(pid, status)) return false;
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

}  // namespace dayzero::robust
