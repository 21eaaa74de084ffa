// Patient measures (docs/DERIVATIONS.md §8): doses, steroid equivalents, cytokines, response,
// survival.
#include <catch2/catch.hpp>

#include "timeline_builder.h"

using Catch::Detail::Approx;
using dayzero::derive::CrsDefinition;
using dayzero::derive::derive_patient;
using namespace dayzero::derive::testing;

TEST_CASE("tocilizumab doses and total mg, converting mg/kg with the weight",
          "[derive][measures]") {
    TimelineBuilder b;
    b.baseline("weight_kg", 72.5).baseline("sex", std::nullopt, "F").baseline("age", 34.0);
    b.temp(5, "10:00", 38.6);
    b.dose(5, "22:30", "tocilizumab", 580.0);
    b.temp(6, "10:00", 38.2);
    b.dose(6, "06:30", "tocilizumab", 8.0, "mg/kg");  // 8 × 72.5 = 580 mg
    const auto d = derive_patient("P1", b.events());
    CHECK(d.measures.toci_doses == 2);
    REQUIRE(d.measures.toci_total_mg.has_value());
    CHECK(*d.measures.toci_total_mg == Approx(1160.0));
    CHECK(d.measures.weight_kg == 72.5);
    CHECK(d.measures.baseline.at("sex").text == "F");
    CHECK(d.measures.baseline.at("age").number == 34.0);
    CHECK(d.measures.first_toci_day == 5);
    REQUIRE(d.episodes.size() == 1);
    const auto& episode = d.episodes[0];
    CHECK(episode.toci_doses == 2);
    REQUIRE(episode.toci.size() == 2);
    CHECK(episode.toci[1].mg == Approx(580.0));
    CHECK(episode.toci[1].minute == 390);
    CHECK(episode.onset_minute == 600);
    CHECK(episode.days_onset_to_first_toci == 0);
    REQUIRE(episode.hours_onset_to_first_toci.has_value());
    CHECK(*episode.hours_onset_to_first_toci == Approx(12.5));
    CHECK(d.measures.hours_onset_to_first_toci == Approx(12.5));

    SECTION("without a weight an mg/kg dose makes the total unknown") {
        TimelineBuilder no_weight;
        no_weight.dose(5, "", "tocilizumab", 8.0, "mg/kg");
        const auto m = derive_patient("P1", no_weight.events()).measures;
        CHECK(m.toci_doses == 1);
        CHECK_FALSE(m.toci_total_mg.has_value());
    }
}

TEST_CASE("hours from onset to toci need both clock times", "[derive][measures]") {
    TimelineBuilder b;
    b.temp(3, "", 38.6).temp(4, "", 38.9).dose(4, "", "tocilizumab", 600.0);
    const auto d = derive_patient("P1", b.events());
    REQUIRE(d.episodes.size() == 1);
    CHECK(d.episodes[0].days_onset_to_first_toci == 1);
    CHECK_FALSE(d.episodes[0].hours_onset_to_first_toci.has_value());
}

TEST_CASE("methylprednisolone-equivalent steroid dose", "[derive][measures]") {
    TimelineBuilder b;
    b.dose(3, "", "methylprednisolone", 100.0);
    b.dose(4, "", "dexamethasone", 10.0);    // × 4/0.75
    b.dose(5, "", "prednisone", 50.0);       // × 0.8
    b.dose(6, "", "hydrocortisone", 100.0);  // × 0.2
    b.dose(6, "", "fludarabine", 30.0);      // not a steroid
    b.dose(7, "", "gcsf", 0.3);
    const auto m = derive_patient("P1", b.events()).measures;
    CHECK(m.steroid_doses == 4);
    REQUIRE(m.steroid_mpe_mg.has_value());
    CHECK(*m.steroid_mpe_mg == Approx(100.0 + 10.0 * 4.0 / 0.75 + 40.0 + 20.0));
    CHECK(m.gcsf_doses == 1);
    CHECK(m.toci_doses == 0);
}

TEST_CASE("cytokine baseline, peak before the first toci, fold change, fall after toci",
          "[derive][measures][labs]") {
    TimelineBuilder b;
    b.lab(-1, "08:00", "IL6", 9.0);
    b.lab(0, "07:00", "IL6", 6.0);  // baseline: earliest on day 0
    b.lab(0, "20:00", "IL6", 12.0);
    b.lab(3, "08:00", "IL6", 180.0);
    b.lab(4, "10:00", "IL6", 250.0);  // same time as the dose: included in the peak
    b.dose(4, "10:00", "tocilizumab", 600.0);
    b.lab(5, "09:00", "IL6", 900.0);  // IL-6 rises after toci: must not count as the peak
    b.lab(-1, "08:00", "CRP", 20.0);  // no day-0 sample: baseline is the latest on day -1
    b.lab(-1, "18:00", "CRP", 25.0);
    b.lab(2, "08:00", "CRP", 150.0);
    b.lab(7, "12:00", "CRP", 80.0);   // 74 h after the dose: outside the 72 h window
    b.lab(1, "", "FERRITIN", 500.0);  // no baseline: no fold change
    const auto d = derive_patient("P1", b.events());
    const auto& il6 = d.measures.labs.at("IL6");
    CHECK(il6.baseline == 6.0);
    CHECK(il6.baseline_day == 0);
    CHECK(il6.peak == 250.0);
    CHECK(il6.peak_day == 4);
    REQUIRE(il6.fold_change.has_value());
    CHECK(*il6.fold_change == Approx(250.0 / 6.0));
    CHECK(il6.pre_toci == 250.0);
    CHECK(il6.post_toci == 900.0);
    CHECK(il6.hours_to_next_sample == Approx(23.0));
    CHECK(il6.fell_after_toci == false);
    CHECK(il6.samples == 6);

    const auto& crp = d.measures.labs.at("CRP");
    CHECK(crp.baseline == 25.0);
    CHECK(crp.baseline_day == -1);
    CHECK(crp.peak == 150.0);
    CHECK(*crp.fold_change == Approx(6.0));
    CHECK(crp.hours_to_next_sample == Approx(74.0));
    CHECK_FALSE(crp.post_toci.has_value());
    CHECK_FALSE(crp.fell_after_toci.has_value());

    const auto& ferritin = d.measures.labs.at("FERRITIN");
    CHECK_FALSE(ferritin.baseline.has_value());
    CHECK(ferritin.peak == 500.0);
    CHECK_FALSE(ferritin.fold_change.has_value());

    SECTION("a longer fall window decides CRP: it fell") {
        CrsDefinition def;
        def.fall_window_hours = 96.0;
        const auto wider = derive_patient("P1", b.events(), def);
        CHECK(wider.measures.labs.at("CRP").fell_after_toci == true);
    }
}

TEST_CASE("without tocilizumab the peak covers days 0-28", "[derive][measures][labs]") {
    TimelineBuilder b;
    b.lab(0, "", "IL6", 5.0).lab(9, "", "IL6", 70.0).lab(29, "", "IL6", 400.0);
    const auto d = derive_patient("P1", b.events());
    const auto& il6 = d.measures.labs.at("IL6");
    CHECK(il6.peak == 70.0);
    CHECK(*il6.fold_change == Approx(14.0));
    CHECK_FALSE(il6.fell_after_toci.has_value());
}

TEST_CASE("day-28 response, OS and PFS", "[derive][measures][survival]") {
    TimelineBuilder b;
    dayzero::store::Event infusion;
    infusion.kind = dayzero::store::EventKind::kInfusion;
    infusion.code = "tisagenlecleucel";
    infusion.value = 3.1;
    b.add(infusion);
    dayzero::store::Event response;
    response.kind = dayzero::store::EventKind::kResponse;
    response.day = 27;
    response.code = "CR_MRD_NEG";
    b.add(response);
    response.day = 90;
    response.code = "NR";
    b.add(response);
    dayzero::store::Event relapse;
    relapse.kind = dayzero::store::EventKind::kRelapse;
    relapse.day = 180;
    b.add(relapse);
    dayzero::store::Event followup;
    followup.kind = dayzero::store::EventKind::kLastFollowup;
    followup.day = 400;
    b.add(followup);
    const auto m = derive_patient("P1", b.events()).measures;
    CHECK(m.infusion_product == "tisagenlecleucel");
    CHECK(m.infusion_dose == 3.1);
    CHECK(m.response == "CR_MRD_NEG");
    CHECK(m.response_day == 27);
    CHECK(m.pfs.days == 180);
    CHECK(m.pfs.event);
    CHECK(m.os.days == 400);
    CHECK_FALSE(m.os.event);
    REQUIRE(m.os.months().has_value());
    CHECK(*m.os.months() == Approx(400.0 / 30.4375));

    SECTION("without a follow-up record OS is censored at the last event") {
        TimelineBuilder short_chart;
        short_chart.temp(12, "", 37.0).lab(20, "", "IL6", 4.0);
        const auto s = derive_patient("P1", short_chart.events()).measures;
        CHECK(s.os.days == 20);
        CHECK_FALSE(s.os.event);
        CHECK(s.response.empty());
    }
}

TEST_CASE("ICANS and infection grades are the maxima recorded", "[derive][measures]") {
    TimelineBuilder b;
    dayzero::store::Event icans;
    icans.kind = dayzero::store::EventKind::kIcans;
    icans.day = 6;
    icans.value = 2.0;
    b.add(icans);
    icans.day = 7;
    icans.value = 3.0;
    b.add(icans);
    dayzero::store::Event infection;
    infection.kind = dayzero::store::EventKind::kInfection;
    infection.day = 15;
    infection.code = "lung";
    infection.value = 3.0;
    b.add(infection);
    const auto m = derive_patient("P1", b.events()).measures;
    CHECK(m.max_icans_grade == 3);
    CHECK(m.max_infection_grade == 3);
}
