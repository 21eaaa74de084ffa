// DerivedEntries: the entries an import derived come back exactly as they were given, part by
// part or whole, whether kept in memory, in the temporary file or some in each (each case is run
// with no memory, with room for a few entries, and with the default), and a patient forgotten or
// replaced is no longer read.
#include <catch2/catch.hpp>

#include <string>
#include <thread>

#include "query/derived_entries.h"

using dayzero::query::DerivedEntries;
using dayzero::query::PatientEntries;

namespace {

PatientEntries entries_of(const std::string& id, size_t size) {
    PatientEntries e;
    e.summary = {"s" + id, std::string(size, 'a')};
    e.names = {"v" + id, std::string(size / 2, '\0') + "names"};
    e.days = {"p" + id, ""};  // an empty part reads back empty
    return e;
}

// Room in memory for no entry, for a few of the small ones, and the default.
constexpr size_t kFewEntries = 40'000;

}  // namespace

TEST_CASE("derived entries: parts and whole entries read back as given") {
    DerivedEntries entries(GENERATE(size_t{0}, kFewEntries, DerivedEntries::kMemoryBytes));
    CHECK(entries.empty());
    for (int i = 0; i < 300; ++i) {
        const std::string id = "P" + std::to_string(i);
        REQUIRE(entries.add(id, entries_of(id, 10 + 37 * static_cast<size_t>(i))));
    }
    CHECK(entries.size() == 300);
    CHECK(entries.ids().size() == 300);
    auto names = entries.read("P7", DerivedEntries::Part::kNames);
    REQUIRE(names.has_value());
    CHECK(*names == entries_of("P7", 10 + 37 * 7).names);
    auto days = entries.read("P299", DerivedEntries::Part::kDays);
    REQUIRE(days.has_value());
    CHECK(days->first == "pP299");
    CHECK(days->second.empty());
    CHECK_FALSE(entries.read("P300", DerivedEntries::Part::kSummary).has_value());

    auto taken = entries.take("P42");
    REQUIRE(taken.has_value());
    const PatientEntries expected = entries_of("P42", 10 + 37 * 42);
    CHECK(taken->summary == expected.summary);
    CHECK(taken->names == expected.names);
    CHECK(taken->days == expected.days);
    CHECK(entries.count("P42") == 0);
    CHECK_FALSE(entries.take("P42").has_value());

    entries.erase("P1");
    CHECK(entries.count("P1") == 0);
    CHECK(entries.size() == 298);
}

TEST_CASE("derived entries: a patient added again reads its latest entries") {
    DerivedEntries entries(GENERATE(size_t{0}, kFewEntries, DerivedEntries::kMemoryBytes));
    REQUIRE(entries.add("P1", entries_of("P1", 5)));
    REQUIRE(entries.add("P1", entries_of("P1", 500)));
    CHECK(entries.size() == 1);
    auto summary = entries.read("P1", DerivedEntries::Part::kSummary);
    REQUIRE(summary.has_value());
    CHECK(summary->second == std::string(500, 'a'));
    DerivedEntries moved = std::move(entries);
    CHECK(moved.read("P1", DerivedEntries::Part::kSummary) == summary);
}

TEST_CASE("derived entries: reads in and out of order, and after later adds, read back as given") {
    // Enough entries to span several of the megabyte windows reads are served from, some larger
    // than a window's half (read directly), read in file order, backwards, and after more adds.
    DerivedEntries entries(GENERATE(size_t{0}, kFewEntries, DerivedEntries::kMemoryBytes));
    auto size_of = [](int i) { return i % 97 == 0 ? size_t{700'000} : 200 + 53 * size_t(i % 40); };
    auto check_all = [&](int count, bool backwards) {
        for (int n = 0; n < count; ++n) {
            const int i = backwards ? count - 1 - n : n;
            const std::string id = "P" + std::to_string(i);
            const PatientEntries expected = entries_of(id, size_of(i));
            auto summary = entries.read(id, DerivedEntries::Part::kSummary);
            auto names = entries.read(id, DerivedEntries::Part::kNames);
            REQUIRE(summary.has_value());
            REQUIRE(names.has_value());
            CHECK(*summary == expected.summary);
            CHECK(*names == expected.names);
        }
    };
    for (int i = 0; i < 3000; ++i) {
        const std::string id = "P" + std::to_string(i);
        REQUIRE(entries.add(id, entries_of(id, size_of(i))));
    }
    check_all(3000, false);
    check_all(3000, true);
    for (int i = 3000; i < 3100; ++i) {  // the file grows past the window last read
        const std::string id = "P" + std::to_string(i);
        REQUIRE(entries.add(id, entries_of(id, size_of(i))));
    }
    check_all(3100, false);
}

TEST_CASE("derived entries: readers on two threads each read every entry back as given") {
    // The refresh writes its two projections side by side, each reading its parts through a
    // reader of its own: windows apart, one descriptor between them.
    DerivedEntries entries(GENERATE(size_t{0}, kFewEntries, DerivedEntries::kMemoryBytes));
    auto size_of = [](int i) { return i % 89 == 0 ? size_t{600'000} : 150 + 61 * size_t(i % 30); };
    for (int i = 0; i < 2000; ++i) {
        const std::string id = "P" + std::to_string(i);
        REQUIRE(entries.add(id, entries_of(id, size_of(i))));
    }
    auto read_all = [&](DerivedEntries::Reader& reader, DerivedEntries::Part part) {
        size_t equal = 0;
        for (int i = 0; i < 2000; ++i) {
            const std::string id = "P" + std::to_string(i);
            const PatientEntries expected = entries_of(id, size_of(i));
            const auto& want = part == DerivedEntries::Part::kDays      ? expected.days
                               : part == DerivedEntries::Part::kSummary ? expected.summary
                                                                        : expected.names;
            auto got = reader.read(id, part);
            equal += got.has_value() && *got == want ? 1 : 0;
        }
        return equal;
    };
    DerivedEntries::Reader names = entries.reader();
    DerivedEntries::Reader summaries = entries.reader();
    size_t names_equal = 0;
    {
        std::jthread other([&] { names_equal = read_all(names, DerivedEntries::Part::kNames); });
        CHECK(read_all(summaries, DerivedEntries::Part::kSummary) == 2000);
    }
    CHECK(names_equal == 2000);
    CHECK(read_all(names, DerivedEntries::Part::kDays) == 2000);
    CHECK_FALSE(summaries.read("P2000", DerivedEntries::Part::kSummary).has_value());
}
