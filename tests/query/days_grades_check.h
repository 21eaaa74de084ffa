#pragma once
// Field-by-field comparison of stored daily grades and episodes against derive_patient's, for the
// daily-grade projection tests: the first difference as text, "" when equal.

#include <map>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "derive/patient_derivation.h"
#include "query/days_codec.h"
#include "store/event_store.h"

namespace dayzero::query::testing {

// "" when a and b are equal, else "<what>: <a> != <b>".
template <typename T>
std::string differ(const std::string& what, const T& a, const T& b) {
    if (a == b) return {};
    std::ostringstream out;
    out << what << " differs";
    if constexpr (std::is_arithmetic_v<T>) out << ": " << a << " != " << b;
    return out.str();
}

inline std::string diff_timings(const std::string& what, const std::vector<derive::DoseTiming>& a,
                                const std::vector<derive::DoseTiming>& b) {
    if (a.size() != b.size()) return what + " count differs";
    for (size_t i = 0; i < a.size(); ++i) {
        for (auto d :
             {differ(what + " seq", a[i].seq, b[i].seq), differ(what + " day", a[i].day, b[i].day),
              differ(what + " minute", a[i].minute, b[i].minute),
              differ(what + " drug", a[i].drug, b[i].drug),
              differ(what + " mg", a[i].mg, b[i].mg)}) {
            if (!d.empty()) return d;
        }
    }
    return {};
}

inline std::string diff_day(const derive::DailyGrade& a, const derive::DailyGrade& b) {
    const std::string at = "day " + std::to_string(b.day) + " ";
    for (auto d : {differ(at + "day", a.day, b.day), differ(at + "tmax", a.tmax_c, b.tmax_c),
                   differ(at + "fever", a.fever, b.fever),
                   differ(at + "hypotension", a.hypotension_level, b.hypotension_level),
                   differ(at + "hypoxia", a.hypoxia_level, b.hypoxia_level),
                   differ(at + "treatment", a.treatment, b.treatment),
                   differ(at + "masked", a.masked, b.masked),
                   differ(at + "crs_death", a.crs_death, b.crs_death),
                   differ(at + "grade", a.grade, b.grade),
                   differ(at + "in_episode", a.in_episode, b.in_episode),
                   differ(at + "episode", a.episode, b.episode)}) {
        if (!d.empty()) return d;
    }
    return {};
}

inline std::string diff_episode(const derive::Episode& a, const derive::Episode& b) {
    const std::string at = "episode " + std::to_string(b.number) + " ";
    for (auto d :
         {differ(at + "number", a.number, b.number), differ(at + "onset", a.onset_day, b.onset_day),
          differ(at + "end", a.end_day, b.end_day), differ(at + "duration", a.duration, b.duration),
          differ(at + "max_grade", a.max_grade, b.max_grade),
          differ(at + "positive_days", a.positive_days, b.positive_days),
          differ(at + "ended_by", static_cast<int>(a.ended_by), static_cast<int>(b.ended_by)),
          differ(at + "masked_from_day", a.masked_from_day, b.masked_from_day),
          differ(at + "toci_doses", a.toci_doses, b.toci_doses),
          differ(at + "steroid_doses", a.steroid_doses, b.steroid_doses),
          diff_timings(at + "toci", a.toci, b.toci),
          diff_timings(at + "steroids", a.steroids, b.steroids),
          differ(at + "onset_minute", a.onset_minute, b.onset_minute),
          differ(at + "days_to_toci", a.days_onset_to_first_toci, b.days_onset_to_first_toci),
          differ(at + "hours_to_toci", a.hours_onset_to_first_toci, b.hours_onset_to_first_toci),
          differ(at + "days", a.days, b.days)}) {
        if (!d.empty()) return d;
    }
    return {};
}

// The first difference between stored grades `got` and the derivation `want`; "" when equal.
inline std::string diff_grades(const PatientGrades& got, const derive::PatientDerivation& want) {
    if (got.patient_id != want.patient_id) return "patient id differs";
    if (got.days.size() != want.days.size()) return "number of days differs";
    if (got.episodes.size() != want.episodes.size()) return "number of episodes differs";
    for (size_t i = 0; i < got.days.size(); ++i) {
        if (auto d = diff_day(got.days[i], want.days[i]); !d.empty()) return d;
        const auto& why = got.days[i].why;
        if (why.fever || !why.hypotension.empty() || why.hypoxia || why.masking || why.death)
            return "day " + std::to_string(got.days[i].day) + " carries evidence";
    }
    for (size_t i = 0; i < got.episodes.size(); ++i) {
        if (auto d = diff_episode(got.episodes[i], want.episodes[i]); !d.empty()) return d;
    }
    return {};
}

// Every patient's derivation from its timeline under `def` (the truth), by id.
inline std::map<std::string, derive::PatientDerivation> derive_all(
    const store::EventStore& store, const derive::CrsDefinition& def) {
    std::map<std::string, derive::PatientDerivation> out;
    auto status = store.for_each_patient([&](const std::string& id, std::vector<store::Event>& e) {
        out.emplace(id, derive::derive_patient(id, e, def));
        return true;
    });
    if (!status) out.clear();
    return out;
}

}  // namespace dayzero::query::testing
