// Reading a stored summary in place (SummaryView) gives exactly what the full decode gives, for
// valid bytes and for whatever a corruption leaves readable; the session cache of encoded
// summaries hands back what it was given and gives up past its budget.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "query/summary_cache.h"
#include "query/summary_codec.h"
#include "query/summary_view.h"
#include "summary_fixture.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;

namespace {

// Every accessor of `view` against the decoded summary `full` of the same bytes.
void view_matches(SummaryView& view, const PatientSummary& full) {
    CHECK(view.id() == full.id);
    CHECK(view.scalars().days.empty());
    CHECK(view.scalars().episodes.empty());
    CHECK(view.scalars().measures.baseline.empty());
    CHECK(view.scalars().measures.labs.empty());
    derive::PatientMeasures scalars_only = full.derived.measures;
    scalars_only.baseline.clear();
    scalars_only.labs.clear();
    same_measures(view.scalars().measures, scalars_only);
    for (const auto& [name, value] : full.derived.measures.baseline) {
        INFO("baseline " << name);
        const derive::BaselineValue* found = view.baseline(name);
        REQUIRE(found != nullptr);
        CHECK(found->number == value.number);
        CHECK(found->text == value.text);
    }
    CHECK(view.baseline("no such attribute") == nullptr);
    std::vector<std::pair<std::string, derive::LabMeasure>> labs;
    view.for_each_lab([&](std::string_view code, const derive::LabMeasure& lab) {
        labs.emplace_back(std::string(code), lab);
    });
    REQUIRE(labs.size() == full.derived.measures.labs.size());
    size_t i = 0;
    for (const auto& [code, lab] : full.derived.measures.labs) {
        CHECK(labs[i].first == code);
        same_lab(labs[i].second, lab);
        ++i;
    }
    REQUIRE(view.episodes().size() == full.derived.episodes.size());
    for (size_t e = 0; e < full.derived.episodes.size(); ++e)
        same_episode(view.episodes()[e], full.derived.episodes[e]);
    for (const auto& [drug, total] : full.doses) {
        INFO("doses of " << drug);
        const DoseTotal got = view.doses_of(drug);
        CHECK(got.doses == total.doses);
        CHECK(got.mg == total.mg);
        CHECK(got.mg_known == total.mg_known);
    }
    const DoseTotal none = view.doses_of("no such drug");
    CHECK(none.doses == 0);
    CHECK(none.mg == 0);
    CHECK(none.mg_known);
}

}  // namespace

TEST_CASE("summary view: every accessor agrees with the full decode") {
    const PatientSummary in = full_summary();
    const std::string bytes = encode_summary(in);
    SummaryView view;
    REQUIRE(view.open(in.id, bytes));
    CHECK(view.bytes() == bytes);
    view_matches(view, in);
    const auto decoded = decode_summary(in.id, bytes);
    REQUIRE(decoded.has_value());
    view_matches(view, *decoded);
}

TEST_CASE("summary view: a reopened view shows only the new patient") {
    const PatientSummary full = full_summary();
    const std::string full_bytes = encode_summary(full);
    PatientSummary empty;
    empty.id = "P2";
    const std::string empty_bytes = encode_summary(empty);
    SummaryView view;
    REQUIRE(view.open(full.id, full_bytes));
    REQUIRE(view.episodes().size() == 2);
    REQUIRE(view.open("P2", empty_bytes));
    CHECK(view.episodes().empty());
    CHECK(view.baseline("age") == nullptr);
    CHECK(view.doses_of("tocilizumab").doses == 0);
    CHECK_FALSE(view.scalars().measures.onset_day.has_value());
    CHECK(view.scalars().measures.infusion_product.empty());
    view_matches(view, empty);
}

TEST_CASE("summary view: keys out of order or repeated are refused") {
    const std::string good = encode_summary(full_summary());
    const size_t age = good.find(
        "\x03"
        "age");
    const size_t sex = good.find(
        "\x03"
        "sex");
    REQUIRE(age != std::string::npos);
    REQUIRE(sex != std::string::npos);
    SummaryView view;
    REQUIRE(view.open("P", good));
    SECTION("swapped") {
        std::string bytes = good;
        bytes.replace(age, 4,
                      "\x03"
                      "sex");
        bytes.replace(sex, 4,
                      "\x03"
                      "age");
        CHECK_FALSE(view.open("P", bytes));
        CHECK_FALSE(decode_summary("P", bytes).has_value());
    }
    SECTION("repeated") {
        std::string bytes = good;
        bytes.replace(sex, 4,
                      "\x03"
                      "age");
        CHECK_FALSE(view.open("P", bytes));
    }
}

TEST_CASE("summary view: whatever a corruption leaves readable reads as its full decode") {
    const std::string good = encode_summary(full_summary());
    size_t readable = 0;
    for (size_t i = 0; i < good.size(); ++i) {
        for (const unsigned mask : {0x01u, 0x5au, 0x80u, 0xffu}) {
            std::string bytes = good;
            bytes[i] = static_cast<char>(static_cast<unsigned char>(bytes[i]) ^ mask);
            INFO("byte " << i << " ^ " << mask);
            SummaryView view;
            bool opened = false;
            REQUIRE_NOTHROW(opened = view.open("P", bytes));
            const auto decoded = decode_summary("P", bytes);
            REQUIRE(decoded.has_value() == opened);
            if (!opened) continue;
            ++readable;
            view_matches(view, *decoded);
        }
    }
    CHECK(readable > 0);  // values changed in place (a digit, a flag-free number) still read
}

TEST_CASE("summary cache: entries come back as given, across blocks") {
    SummaryCache cache;
    cache.begin("k", size_t{64} << 20);
    std::vector<std::pair<std::string, std::string>> given;
    for (int i = 0; i < 3000; ++i) {
        given.emplace_back("P" + std::to_string(i),
                           std::string(900 + i % 200, static_cast<char>(i)));
    }
    given.emplace_back("P-big", std::string(size_t{3} << 20, 'b'));  // larger than a block
    given.emplace_back("P-last", "x");
    for (const auto& [id, bytes] : given)
        cache.add(id, bytes);
    CHECK(cache.collecting());
    CHECK_FALSE(cache.holds("k"));  // not finished yet
    cache.finish();
    CHECK(cache.holds("k"));
    CHECK_FALSE(cache.holds("other"));
    REQUIRE(cache.size() == given.size());
    for (size_t i = 0; i < given.size(); ++i) {
        INFO(given[i].first);
        CHECK(cache.id(i) == given[i].first);
        CHECK(cache.bytes(i) == given[i].second);
    }
    size_t given_bytes = 0;
    for (const auto& [id, bytes] : given)
        given_bytes += id.size() + bytes.size();
    CHECK(cache.memory() >= given_bytes);
    // Blocks are filled in turn: at most the unused end of each block is wasted.
    CHECK(cache.memory() <= given_bytes + given.size() * 16 + (size_t{2} << 20));
    cache.begin("k2", size_t{1} << 20);
    CHECK(cache.size() == 0);
    CHECK(cache.memory() == 0);
    CHECK_FALSE(cache.holds("k"));
}

TEST_CASE("summary cache: past its budget a collection is dropped") {
    SummaryCache cache;
    SECTION("over the budget") {
        cache.begin("k", 10'000);
        for (int i = 0; i < 100; ++i)
            cache.add("P" + std::to_string(i), std::string(200, 's'));
        CHECK_FALSE(cache.collecting());
    }
    SECTION("no budget") {
        cache.begin("k", 0);
        cache.add("P", "s");
        CHECK_FALSE(cache.collecting());
    }
    cache.finish();
    CHECK_FALSE(cache.holds("k"));
    CHECK(cache.size() == 0);
    CHECK(cache.memory() == 0);  // what was collected is given back at once
}

TEST_CASE("summary view: a dose time past the range of a minute is refused") {
    // An empty summary ends with its two counts (no episodes, no doses); replace them with one
    // episode whose tocilizumab dose carries minute `minute`.
    auto with_dose_minute = [](uint64_t minute) {
        PatientSummary empty;
        std::string bytes = encode_summary(empty);
        REQUIRE(bytes.substr(bytes.size() - 2) == std::string(2, '\0'));
        bytes.resize(bytes.size() - 2);
        summary_bytes::Writer w;
        w.varint(1);  // one episode
        for (int field = 0; field < 6; ++field)
            w.svarint(1);                 // number .. positive_days
        w.u8(0);                          // ended by a gap
        w.opt_int(std::optional<int>());  // not masked
        w.svarint(1);                     // toci doses
        w.svarint(0);                     // steroid doses
        w.varint(1);                      // one toci timing
        w.varint(7);                      // seq
        w.svarint(1);                     // day
        w.u8(1);                          // with a minute
        w.varint(minute);
        w.str("tocilizumab");
        w.opt_f64(std::nullopt);
        w.varint(0);  // no steroid timings
        w.opt_int(std::optional<int>());
        w.opt_int(std::optional<int>());
        w.opt_f64(std::nullopt);
        w.varint(0);  // no days
        w.varint(0);  // no dose totals
        return bytes + w.take();
    };
    SummaryView view;
    REQUIRE(view.open("P", with_dose_minute(1439)));
    REQUIRE(view.episodes().size() == 1);
    CHECK(view.episodes()[0].toci.at(0).minute == 1439);
    CHECK_FALSE(view.open("P", with_dose_minute(70'000)));
    CHECK_FALSE(decode_summary("P", with_dose_minute(70'000)).has_value());
}
