#pragma once
// SummaryView: one patient's encoded summary (query/summary_codec.cpp) read in place. A cohort
// statement visits every patient's summary but reads a few fields of it (a dose total, a grade,
// a duration), so open() walks the bytes once — accepting exactly what decode_summary accepts
// and decoding only the scalar measures — and remembers where the baseline attributes, labs,
// episodes and dose totals start; those are read on demand, without building maps.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "derive/patient_derivation.h"
#include "query/summary_cache.h"

namespace dayzero::query {

class SummaryView {
  public:
    using LabFn = std::function<void(std::string_view code, const derive::LabMeasure& lab)>;

    // Reads the summary of patient `id` from `bytes`, which must stay valid until the next
    // open(); false (and nothing readable) for malformed bytes or another codec version.
    bool open(std::string_view id, std::string_view bytes);

    // The patient's id.
    const std::string& id() const { return scalars_.patient_id; }
    // The encoded bytes read by the last open().
    std::string_view bytes() const { return bytes_; }
    // The derivation with only the scalar measures filled in: no daily rows, no episodes, and
    // empty baseline and lab maps. Every Measure (query/measures.h) reads only these fields.
    const derive::PatientDerivation& scalars() const { return scalars_; }
    // Baseline attribute `name` (exact, as stored), or null; valid until the next call.
    const derive::BaselineValue* baseline(std::string_view name);
    // Calls `fn` for every lab measure, in code order.
    void for_each_lab(const LabFn& fn) const;
    // The episodes in onset order (decoded on first use).
    const std::vector<derive::Episode>& episodes();
    // The doses of `lower_drug` (a lower-case drug code); zero doses when there are none.
    DoseTotal doses_of(std::string_view lower_drug) const;
    // Everything: the derivation without daily rows, and every dose total.
    PatientSummary decode() const;

  private:
    derive::PatientDerivation scalars_;
    std::string_view bytes_;
    std::string_view baseline_;  // each section from its element count to the end of the bytes
    std::string_view labs_;
    std::string_view episodes_;
    std::string_view doses_;
    derive::BaselineValue found_;  // the last baseline() answer
    std::vector<derive::Episode> episode_list_;
    bool episodes_decoded_ = false;
};

// Decodes the summary of patient `id`; nullopt for malformed bytes or another version.
std::optional<PatientSummary> decode_summary(std::string_view id, std::string_view bytes);

}  // namespace dayzero::query
