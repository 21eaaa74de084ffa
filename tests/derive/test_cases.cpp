// Three hand-worked case reports (tests/derive/cases/*.csv) with their full daily grade tables
// and episode lists, worked out by hand from the rules of docs/DERIVATIONS.md §3–8.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "case_loader.h"
#include "timeline_builder.h"

using Catch::Detail::Approx;
using dayzero::derive::derive_patient;
using dayzero::derive::EpisodeEnd;
using namespace dayzero::derive::testing;

TEST_CASE("case A: grade 2 on low-flow O2, toci days 7 and 9, BiPAP + two pressors grade 4",
          "[derive][cases]") {
    const auto timeline = load_case(case_path("case_a_grade4_bipap_two_pressors.csv"));
    const auto d = derive_patient("CASE-A", timeline);
    // clang-format off
    //                          day 0         1         2
    //                              01234567890123456789012345678
    CHECK(grade_string(d) ==       "00000222344432000000000000000");
    CHECK(hypoxia_string(d) ==     "00000222344432000000000000000");
    CHECK(hypotension_string(d) == "00000000344300000000000000000");
    CHECK(masked_string(d) ==      ".......MMMMMMM...............");
    // clang-format on
    CHECK(d.days[5].tmax_c == 38.9);
    CHECK(d.days[10].tmax_c == 37.6);
    CHECK_FALSE(d.days[10].fever);
    REQUIRE(d.days[9].why.hypotension.size() == 2);
    CHECK(d.days[9].why.hypotension[0].code == "norepinephrine");
    CHECK(d.days[9].why.hypotension[1].code == "epinephrine");
    CHECK(d.days[9].why.hypoxia->code == "bipap");
    CHECK(d.days[12].why.masking->code == "tocilizumab");
    CHECK(d.days[12].why.masking->day == 7);

    REQUIRE(d.episodes.size() == 1);
    const auto& e = d.episodes[0];
    CHECK(e.onset_day == 5);
    CHECK(e.end_day == 13);
    CHECK(e.duration == 9);
    CHECK(e.max_grade == 4);
    CHECK(e.severe());
    CHECK(e.positive_days == 9);
    CHECK(e.ended_by == EpisodeEnd::kGap);
    CHECK(e.masked_from_day == 7);
    CHECK(e.toci_doses == 2);
    CHECK(e.toci[0].day == 7);
    CHECK(e.toci[0].mg == Approx(560.0));  // 8 mg/kg × 70 kg
    CHECK(e.toci[1].day == 9);
    CHECK(e.steroid_doses == 3);
    CHECK(e.onset_minute == 14 * 60);
    CHECK(e.hours_onset_to_first_toci == Approx(42.0));

    const auto& m = d.measures;
    CHECK(m.any_crs);
    CHECK(m.max_grade == 4);
    CHECK(m.crs_days == 9);
    CHECK(m.onset_day == 5);
    CHECK(m.toci_doses == 2);
    CHECK(*m.toci_total_mg == Approx(1120.0));
    CHECK(*m.steroid_mpe_mg == Approx(30.0 * 4.0 / 0.75));
    CHECK(m.baseline.at("sex").text == "M");
    CHECK(m.baseline.at("blasts_pct").number == 62.0);
    CHECK(m.baseline.at("arm").text == "early_toci");
    CHECK(m.infusion_dose == 3.1);
    CHECK(m.max_icans_grade == 1);
    CHECK(m.response == "CR_MRD_NEG");
    CHECK(m.os.days == 365);
    CHECK_FALSE(m.os.event);
    const auto& il6 = m.labs.at("IL6");
    CHECK(il6.baseline == 5.2);
    CHECK(il6.peak == 1250.0);
    CHECK(*il6.fold_change == Approx(1250.0 / 5.2));
    CHECK(il6.fell_after_toci == false);  // IL-6 rises after receptor blockade
    CHECK(m.labs.at("CRP").fell_after_toci == true);
}

TEST_CASE("case B: grade-2 CRS days 3-13, then a second episode ending in CRS death on day 20",
          "[derive][cases]") {
    const auto d = derive_patient("CASE-B", load_case(case_path("case_b_crs_death.csv")));
    REQUIRE(d.days.size() == 21);
    // clang-format off
    //                          day 0         1         2
    //                              012345678901234567890
    CHECK(grade_string(d) ==       "000222222222220002335");
    CHECK(hypoxia_string(d) ==     "000222222222220000033");
    CHECK(hypotension_string(d) == "000000000000000002333");
    CHECK(masked_string(d) ==      ".....MMMMMMMMM.......");
    // clang-format on

    REQUIRE(d.episodes.size() == 2);
    const auto& first = d.episodes[0];
    CHECK(first.onset_day == 3);
    CHECK(first.end_day == 13);
    CHECK(first.duration == 11);
    CHECK(first.max_grade == 2);
    CHECK(first.ended_by == EpisodeEnd::kGap);
    CHECK(first.masked_from_day == 5);
    CHECK(first.toci_doses == 1);
    CHECK(first.hours_onset_to_first_toci == Approx(55.0));
    const auto& second = d.episodes[1];
    CHECK(second.number == 2);
    CHECK(second.onset_day == 17);
    CHECK(second.end_day == 20);
    CHECK(second.duration == 4);
    CHECK(second.max_grade == 5);
    CHECK(second.ended_by == EpisodeEnd::kDeath);
    CHECK_FALSE(second.masked_from_day.has_value());
    CHECK(second.toci_doses == 0);

    const auto& m = d.measures;
    CHECK(m.max_grade == 5);
    CHECK(m.crs_days == 15);
    CHECK(m.crs_positive_days == 15);
    CHECK(m.os.days == 20);
    CHECK(m.os.event);
    CHECK(m.pfs.days == 20);
    CHECK(m.death_cause == "crs");
    const auto& il6 = m.labs.at("IL6");
    CHECK(il6.baseline == 12.0);
    CHECK(il6.peak == 610.0);
    CHECK(il6.hours_to_next_sample == Approx(21.0));
    CHECK(il6.fell_after_toci == true);
}

TEST_CASE("case C: untimed daily maxima, premedication, two mild episodes", "[derive][cases]") {
    const auto d = derive_patient("CASE-C", load_case(case_path("case_c_mild_untimed.csv")));
    // clang-format off
    //                          day 0         1         2
    //                              01234567890123456789012345678
    CHECK(grade_string(d) ==       "01000012010000000000000000000");
    CHECK(hypoxia_string(d) ==     "00000002200000000000000000000");
    CHECK(masked_string(d) ==      ".............................");
    // clang-format on
    CHECK(d.days[9].tmax_c == 38.0);
    CHECK(d.days[9].fever);

    REQUIRE(d.episodes.size() == 2);
    CHECK(d.episodes[0].days == std::vector<int>{1});
    CHECK(d.episodes[0].max_grade == 1);
    CHECK(d.episodes[1].days == std::vector<int>{6, 7, 8, 9});
    CHECK(d.episodes[1].positive_days == 3);
    CHECK(d.episodes[1].max_grade == 2);
    CHECK_FALSE(d.episodes[1].severe());

    const auto& m = d.measures;
    CHECK(m.crs_days == 5);
    CHECK(m.crs_positive_days == 4);
    CHECK(m.steroid_doses == 1);
    CHECK(*m.steroid_mpe_mg == Approx(2.0 * 4.0 / 0.75));
    CHECK(m.gcsf_doses == 1);
    CHECK(m.response == "CR_MRD_POS");
    CHECK(m.response_day == 29);
    CHECK(m.pfs.days == 150);
    CHECK(m.pfs.event);
    CHECK(m.os.days == 210);
    CHECK(m.os.event);
    const auto& il6 = m.labs.at("IL6");
    CHECK(il6.baseline_day == -1);
    CHECK(il6.peak == 95.0);
    CHECK(*il6.fold_change == Approx(95.0 / 3.0));
    CHECK_FALSE(il6.fell_after_toci.has_value());
}

TEST_CASE("the case loader names the file and line of a malformed row", "[derive][cases]") {
    CHECK_THROWS_WITH(load_case(case_path("no_such_case.csv")),
                      Catch::Contains("no_such_case.csv: cannot open"));
    const auto path =
        (std::filesystem::temp_directory_path() / "dayzero_derive_bad_case.csv").string();
    {
        std::ofstream out(path);
        out << "patient_id,day,time,kind,code,value,unit,note\n"
            << "P1,1,08:00,temp,,38.1,C,\n"
            << "P1,five,08:00,temp,,38.1,C,\n";
    }
    CHECK_THROWS_WITH(load_case(path), Catch::Contains("dayzero_derive_bad_case.csv:3: bad field "
                                                       "'day' value 'five'"));
    std::filesystem::remove(path);
}
