// DecodeAhead: the chunks of a source arrive in order with their statuses, made on another
// thread; the end, an error or an exception stops the source; a consumer that stops early does
// not leave the decoding thread behind.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "importers/decode_ahead.h"

using dayzero::importers::DecodeAhead;
using dayzero::store::Event;
using dayzero::store::Status;

namespace {

// A source of `chunks` chunks of three events (day = chunk number), then the end; records the
// thread it ran on and how often it was asked.
struct CountingSource {
    int chunks = 0;
    std::atomic<int> asked{0};
    std::atomic<std::thread::id> thread;

    dayzero::store::EventChunkSource source() {
        return [this](std::vector<Event>& chunk) {
            thread = std::this_thread::get_id();
            const int n = asked++;
            if (n < chunks) {
                for (int i = 0; i < 3; ++i) {
                    chunk.emplace_back();
                    chunk.back().day = n;
                }
            }
            return Status::ok();
        };
    }
};

}  // namespace

TEST_CASE("decode ahead: every chunk in order from another thread, then the end") {
    CountingSource counting;
    counting.chunks = 5;
    DecodeAhead ahead(counting.source());
    std::vector<Event> chunk;
    for (int n = 0; n < 5; ++n) {
        REQUIRE(ahead.next(chunk).is_ok());
        REQUIRE(chunk.size() == 3);
        CHECK(chunk.front().day == n);
        CHECK(chunk.back().day == n);
    }
    REQUIRE(ahead.next(chunk).is_ok());
    CHECK(chunk.empty());
    // After the end the source is not asked again.
    REQUIRE(ahead.next(chunk).is_ok());
    CHECK(chunk.empty());
    ahead.finish();
    CHECK(counting.asked == 6);
    CHECK(counting.thread.load() != std::this_thread::get_id());
}

TEST_CASE("decode ahead: an error status reaches the store and stops the source") {
    std::atomic<int> asked{0};
    DecodeAhead ahead([&](std::vector<Event>& chunk) {
        chunk.emplace_back();  // a failing source may leave events behind: never handed over
        if (asked++ == 1) return Status::invalid_argument("file.csv:12:3: bad row");
        return Status::ok();
    });
    std::vector<Event> chunk;
    REQUIRE(ahead.next(chunk).is_ok());
    CHECK(chunk.size() == 1);
    const Status failed = ahead.next(chunk);
    CHECK(failed.code() == dayzero::store::StatusCode::kInvalidArgument);
    CHECK(failed.message() == "file.csv:12:3: bad row");
    CHECK(chunk.empty());
    // Asked again, the same error: never an empty chunk that would read as the end of the file.
    const Status again = ahead.next(chunk);
    CHECK(again.code() == dayzero::store::StatusCode::kInvalidArgument);
    CHECK(chunk.empty());
    ahead.finish();
    CHECK(asked == 2);
}

TEST_CASE("decode ahead: an exception in the source becomes an error status") {
    DecodeAhead ahead([](std::vector<Event>&) -> Status { throw std::runtime_error("no memory"); });
    std::vector<Event> chunk;
    const Status failed = ahead.next(chunk);
    CHECK_FALSE(failed.is_ok());
    CHECK(failed.message().find("no memory") != std::string::npos);
}

TEST_CASE("decode ahead: a store that stops asking early does not wait for the whole file") {
    CountingSource endless;
    endless.chunks = 1'000'000'000;
    {
        DecodeAhead ahead(endless.source());
        std::vector<Event> chunk;
        REQUIRE(ahead.next(chunk).is_ok());
        CHECK(chunk.size() == 3);
    }  // destroyed without reaching the end: the decoding thread stops one or two chunks on
    CHECK(endless.asked <= 3);
}
