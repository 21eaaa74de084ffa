#pragma once
// IdleWriter: another process holding a store open for writing, doing nothing, while it lives
// (the hidden test "store child: holds the store open for writing", writer_lock_test.cpp).

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <string>

#include "store/writer_lock.h"
#include "store_test_util.h"

namespace dayzero::store::testing {

class IdleWriter {
  public:
    // Returns once the child holds the store's lock.
    explicit IdleWriter(const std::string& path)
        : pid_(spawn_self("store child: holds the store open for writing", path)) {
        REQUIRE(pid_ > 0);
        bool held = false;
        for (int i = 0; i < 3000 && !held; ++i) {
            held = writer_holds_lock(path);
            if (!held) ::usleep(10'000);
        }
        REQUIRE(held);
    }
    ~IdleWriter() {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    IdleWriter(const IdleWriter&) = delete;
    IdleWriter& operator=(const IdleWriter&) = delete;

  private:
    pid_t pid_;
};

}  // namespace dayzero::store::testing
