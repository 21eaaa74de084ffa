#pragma once
// SdtmDecoder: turns the rows of one SDTM domain table into events, with days computed from the
// study's day-0 anchors. Internal to the SDTM importer (see sdtm_study.h).

#include <array>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
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
    // Decodes straight into `out`, saving a move of every event.
    bool next_into(DecodedRow& row, std::vector<store::Event>& out) override;
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
    // A variable the decoder reads: its name (for messages) and its column, resolved once per
    // table (-1 when the file lacks it).
    struct Var {
        std::string name;
        int column = -1;
    };
    // The variables of the table's domain (a finding's names carry its prefix: VSTESTCD, ...).
    struct Vars {
        Var subject;
        Var testcd, stat, stresn, stresc, orres, stresu, orresu, dtc;  // VS, LB
        Var spec;                                                      // LB
        Var ageu;                                                      // DM
        Var treatment, start, end, dose, dose_unit;                    // EX, CM, PR
        Var decod, term, soc, category, grade;                         // AE, DS
        Var result, original_result, date;                             // RS (result: RSSTRESC)
    };
    // A text key's mapping target (nullptr: not mapped), resolved once per distinct spelling.
    struct TextHash {
        using is_transparent = void;
        size_t operator()(std::string_view text) const {
            return std::hash<std::string_view>{}(text);
        }
    };

    void decode(DecodedRow& row);
    void decode_dm(DecodedRow& row);
    void decode_finding(DecodedRow& row);
    void decode_ex(DecodedRow& row);
    void decode_cm(DecodedRow& row);
    void decode_pr(DecodedRow& row);
    void decode_ae(DecodedRow& row);
    void decode_rs_ds(DecodedRow& row, bool disposition);
    // The cause of a DS death at `at` (a counted warning when only 'other' fits).
    std::string death_cause(DecodedRow& row, const When& at);

    // True if the subject has a day 0; otherwise adds the screen-failure warning or the error.
    bool has_anchor(DecodedRow& row);
    std::optional<When> when(DecodedRow& row, const Var& variable, DateRule rule);
    // The row's end date (vars_.end) when it is not before `start`; otherwise an error naming
    // both dates, and nothing.
    std::optional<When> end_after(DecodedRow& row, const When& start);
    // Normalises one observation into a new event of the row; false if the row got an error.
    bool emit(DecodedRow& row, store::EventKind kind, const std::string& code,
              std::string_view value, std::string_view unit, const When& at,
              const Var& value_variable, const Var& unit_variable);
    // The mapping's target for the row's `variable`; nullptr when the row is handled (skipped by
    // the mapping, or an error: empty or unmapped).
    const SdtmTarget* target(DecodedRow& row, const Var& variable);
    // The mapping's target for `key` in this table's domain (nullptr: not mapped).
    const SdtmTarget* find_target(std::string_view key);
    // The error of a term the mapping does not list (reported once per term by the runner).
    void add_unmapped(DecodedRow& row, const Var& variable);
    // The trimmed value of `variable` in the current row ("" when the file lacks it).
    std::string_view get(const Var& variable) const;
    void add(std::vector<ImportProblem>& into, const Var& variable, std::string message);
    // `name` with its column in this table.
    Var var(std::string name) const;

    const SdtmStudy& study_;
    const SdtmTable& table_;
    SdtmRows rows_;  // this decoder's own pass over the file
    DecodeOptions options_;
    BodySizeResolver resolver_;
    bool collecting_;
    // Reading the study's VS file before its body sizes were gathered: the good rows' body sizes
    // are kept in `offered_` and given to the study at the end of the file (sdtm_study.h).
    bool offering_ = false;
    BodySizeFacts offered_;
    const void* current_ = nullptr;  // the SdtmTable::Row being decoded
    Vars vars_;
    ObservationNormaliser normaliser_;  // kind/code/unit spellings resolved once per file
    std::unordered_map<std::string, const SdtmTarget*, TextHash, std::equal_to<>> targets_;
    // The last keys looked up, compared before the hash table: a domain's rows cycle through a
    // handful of test codes, and comparing with those costs less than hashing every row's.
    std::array<std::pair<std::string, const SdtmTarget*>, 16> recent_targets_;
    size_t recent_used_ = 0;  // entries of recent_targets_ in use
    size_t recent_next_ = 0;  // the entry the next new key replaces
    // The table's domain, as the decoding of a row branches on it (named once, not compared as
    // text on every row).
    enum class Domain { kDm, kFinding, kEx, kCm, kPr, kAe, kDs, kOther };
    Domain domain_ = Domain::kOther;
    std::vector<const SdtmTarget*> dm_targets_;  // DM: each column's target (nullptr: none)
    // The subject of the row being decoded, and what the study knows of it: rows of one subject
    // mostly come together, so the study is asked once per run of rows.
    std::string subject_;
    bool subject_set_ = false;
    std::string subject_problem_;  // why subject_ cannot be a patient id ("" if it can), once
    std::optional<int64_t> anchor_;
    std::optional<int16_t> anchor_offset_;  // the UTC offset written on the day-0 date, if any
    std::unordered_map<std::string, uint64_t> dm_lines_;  // DM: each subject's record's line
    bool screen_failure_ = false;
    std::vector<store::Event>* sink_ = nullptr;  // next_into()'s `out` while it runs
    std::set<std::tuple<std::string, int64_t, int>> oxygen_starts_;  // PR: subject, date, minute
};

}  // namespace dayzero::importers
