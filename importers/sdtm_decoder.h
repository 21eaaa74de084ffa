#pragma once
// SdtmDecoder: turns the rows of one SDTM domain table into events, with days computed from the
// study's day-0 anchors. Internal to the SDTM importer (see sdtm_study.h).

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "importers/decoder_support.h"
#include "importers/row_decoder.h"
#include "importers/sdtm_study.h"

namespace dayzero::importers {

struct SdtmTarget;

class SdtmDecoder final : public RowDecoder {
  public:
    // `collecting`: the study is still gathering weights (no body-size conversion yet).
    SdtmDecoder(const SdtmStudy& study, const SdtmTable& table, const DecodeOptions& options,
                bool collecting);

    bool next(DecodedRow& row) override;
    const std::vector<std::string>& header() const override;
    std::vector<ImportProblem> finish() override;
    bool file_failed() const override;
    const BodySizeFacts& body_size_facts() const override { return resolver_.facts(); }
    bool has_deferred() const override { return false; }
    uint64_t bytes_consumed() const override;
    uint64_t total_bytes() const override;

  private:
    // A located date: the day post-infusion and the clock time, or nothing (row handled).
    struct When {
        int32_t day = 0;
        std::optional<uint16_t> minute;
    };
    enum class DateRule { kSkipIfPartial, kErrorIfPartial, kOptional };

    void decode(DecodedRow& row);
    void decode_dm(DecodedRow& row);
    void decode_finding(DecodedRow& row, const char* prefix);
    void decode_ex(DecodedRow& row);
    void decode_cm(DecodedRow& row);
    void decode_pr(DecodedRow& row);
    void decode_ae(DecodedRow& row);
    void decode_rs_ds(DecodedRow& row, bool disposition);
    // The cause of a DS death at `at` (a counted warning when only 'other' fits).
    std::string death_cause(DecodedRow& row, const When& at);

    // True if the subject has a day 0; otherwise adds the screen-failure warning or the error.
    bool has_anchor(DecodedRow& row);
    std::optional<When> when(DecodedRow& row, const char* variable, DateRule rule);
    // Normalises one observation into a new event of the row; false if the row got an error.
    bool emit(DecodedRow& row, store::EventKind kind, const std::string& code,
              std::string_view value, std::string_view unit, const When& at,
              const char* value_variable, const char* unit_variable);
    // The mapping's target for the row's `variable`; nullptr when the row is handled (skipped by
    // the mapping, or an error: empty or unmapped).
    const SdtmTarget* target(DecodedRow& row, const char* variable);
    // The error of a term the mapping does not list (reported once per term by the runner).
    void add_unmapped(DecodedRow& row, const char* variable);
    std::string_view get(const char* variable) const;
    void add(std::vector<ImportProblem>& into, const char* variable, std::string message);

    const SdtmStudy& study_;
    const SdtmTable& table_;
    SdtmRows rows_;  // this decoder's own pass over the file
    DecodeOptions options_;
    BodySizeResolver resolver_;
    bool collecting_;
    const void* current_ = nullptr;  // the SdtmTable::Row being decoded
    std::string subject_;
    std::set<std::tuple<std::string, int64_t, int>> oxygen_starts_;  // PR: subject, date, minute
};

}  // namespace dayzero::importers
