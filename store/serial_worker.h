#pragma once
// SerialWorker: one thread that runs the tasks handed to it, one at a time, in the order they were
// handed over. A chunked append stages each chunk on it: one thread for the whole transaction, not
// one started (and its stack faulted in again) for every chunk.

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "store/status.h"

namespace dayzero::store {

class SerialWorker {
  public:
    SerialWorker();
    // Runs every task already handed over, then joins the thread.
    ~SerialWorker();
    SerialWorker(const SerialWorker&) = delete;
    SerialWorker& operator=(const SerialWorker&) = delete;

    // Queues `task` behind the ones before it; the future holds its status (or what it threw).
    std::shared_future<Status> run(std::function<Status()> task);

  private:
    void loop();

    std::mutex mu_;
    std::condition_variable ready_;
    std::deque<std::packaged_task<Status()>> tasks_;
    bool closing_ = false;
    std::thread thread_;  // last: started once the members above exist
};

}  // namespace dayzero::store
