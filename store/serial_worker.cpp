#include "store/serial_worker.h"

#include <utility>

namespace dayzero::store {

SerialWorker::SerialWorker() : thread_([this] { loop(); }) {}

SerialWorker::~SerialWorker() {
    {
        std::lock_guard lock(mu_);
        closing_ = true;
    }
    ready_.notify_one();
    thread_.join();
}

std::shared_future<Status> SerialWorker::run(std::function<Status()> task) {
    std::packaged_task<Status()> packaged(std::move(task));
    std::shared_future<Status> done = packaged.get_future().share();
    {
        std::lock_guard lock(mu_);
        tasks_.push_back(std::move(packaged));
    }
    ready_.notify_one();
    return done;
}

void SerialWorker::loop() {
    for (;;) {
        std::packaged_task<Status()> task;
        {
            std::unique_lock lock(mu_);
            ready_.wait(lock, [&] { return closing_ || !tasks_.empty(); });
            if (tasks_.empty()) return;  // closing, and nothing left to run
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        task();  // an exception it throws is stored in its future
    }
}

}  // namespace dayzero::store
