// SerialWorker: the chunked append's staging tasks run one at a time, in the order they were
// handed over, and leaving the worker runs what was queued.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/serial_worker.h"

using namespace dayzero::store;

TEST_CASE("SerialWorker runs tasks one at a time in the order given", "[serial_worker]") {
    std::vector<int> order;  // written only by the worker's thread
    std::atomic<int> running{0};
    bool overlapped = false;
    std::vector<std::shared_future<Status>> done;
    {
        SerialWorker worker;
        for (int i = 0; i < 50; ++i) {
            done.push_back(worker.run([&, i] {
                if (running.fetch_add(1) != 0) overlapped = true;
                // The early tasks sleep, so a worker running them side by side would overlap.
                if (i < 3) std::this_thread::sleep_for(std::chrono::milliseconds(5));
                order.push_back(i);
                running.fetch_sub(1);
                return i == 7 ? Status::io_error("task 7") : Status::ok();
            }));
        }
        CHECK(done[49].get().is_ok());
    }
    CHECK_FALSE(overlapped);
    REQUIRE(order.size() == 50);
    for (int i = 0; i < 50; ++i)
        CHECK(order[static_cast<size_t>(i)] == i);
    CHECK(done[7].get().message() == "task 7");
    CHECK(done[6].get().is_ok());
}

TEST_CASE("SerialWorker's destructor runs the tasks still queued", "[serial_worker]") {
    std::atomic<int> ran{0};
    std::shared_future<Status> last;
    {
        SerialWorker worker;
        (void)worker.run([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            ++ran;
            return Status::ok();
        });
        for (int i = 0; i < 10; ++i) {
            last = worker.run([&] {
                ++ran;
                return Status::ok();
            });
        }
    }  // leaves while the first task still sleeps
    CHECK(ran == 11);
    CHECK(last.get().is_ok());
}

TEST_CASE("SerialWorker keeps what a task throws for its future", "[serial_worker]") {
    SerialWorker worker;
    auto thrown = worker.run([]() -> Status { throw std::runtime_error("disk on fire"); });
    auto after = worker.run([] { return Status::ok(); });
    CHECK_THROWS_WITH(thrown.get(), "disk on fire");
    CHECK(after.get().is_ok());  // the worker goes on after a task that threw
}
