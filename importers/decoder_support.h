#pragma once
// Pieces every decoder shares: a header map with case-insensitive lookup and width checks, the
// body-size resolver for mg/kg and mg/m2 doses, and problem construction.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "importers/baseline_values.h"
#include "importers/body_size.h"
#include "importers/csv_reader.h"
#include "importers/event_rules.h"
#include "importers/row_decoder.h"
#include "importers/text_util.h"

namespace dayzero::importers {

// Builds a located problem; the value is shown truncated and as valid UTF-8.
ImportProblem make_problem(const std::string& file, uint64_t line, uint32_t column,
                           std::string_view field, std::string message, std::string_view value);

// The longest patient id the store takes (store/append_checks.cpp refuses a longer one when the
// transaction is appended; tests/importers/store_integration_test.cpp holds the two together).
inline constexpr size_t kMaxPatientIdBytes = 256;

// Why `id` (non-empty, as read) cannot be an imported patient id, in a sentence starting with
// `name` (the id's variable); "" when it can. Every format's decoder asks it, so one id is
// refused alike wherever it comes from: not UTF-8, a control character (a quoted line break or a
// NUL would make a look-alike patient), a leading '~' (the store's own records), too long.
std::string patient_id_problem(std::string_view id, std::string_view name);

// True when every field is empty or blank: spreadsheet exports write ",,,,," for empty rows.
bool is_blank_record(const std::vector<std::string_view>& fields);

// RowDecoder::next_into for a decoder whose next() puts a row's events into `*sink` while it is
// set (else into row.events): points `sink` at `out` for the call, erases a rejected row's events
// from `out` again and moves any the row kept over. Returns what `next` (the decoder's next(row))
// returned.
template <typename Next>
bool next_into_sink(std::vector<store::Event>*& sink, std::vector<store::Event>& out,
                    DecodedRow& row, Next&& next) {
    const size_t before = out.size();
    struct Unset {  // no dangling sink if decoding throws (out of memory)
        std::vector<store::Event>*& sink;
        ~Unset() { sink = nullptr; }
    } unset{sink};
    sink = &out;
    if (!next(row)) return false;
    if (!row.errors.empty()) {
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(before), out.end());
        return true;
    }
    for (auto& event : row.events)  // from a decoder that filled row.events itself
        out.push_back(std::move(event));
    return true;
}

// Column names of a CSV header.
class HeaderMap {
  public:
    // Reads the header record (names trimmed; a trailing empty name from a trailing delimiter
    // is dropped); duplicate or empty names are added to `problems`.
    void assign(const CsvRecord& header, const std::string& file,
                std::vector<ImportProblem>& problems);
    // 0-based index of a column (case-insensitive), or -1.
    int index(std::string_view name) const;
    // The trimmed field of `record` at `index`, or "" when absent (inline: several per row).
    static std::string_view get(const CsvRecord& record, int index) {
        if (index < 0 || static_cast<size_t>(index) >= record.fields.size()) return {};
        return trim(record.fields[static_cast<size_t>(index)]);
    }
    // Adds a problem to `row` if the record has too few fields, or extra non-empty ones.
    bool check_width(const CsvRecord& record, const std::string& file, DecodedRow& row) const {
        return record.fields.size() == names_.size() || check_uneven_width(record, file, row);
    }
    const std::vector<std::string>& names() const { return names_; }
    // Column name for a 0-based index ("" if out of range).
    std::string_view name(int index) const;

  private:
    // check_width for a record whose width differs from the header's.
    bool check_uneven_width(const CsvRecord& record, const std::string& file,
                            DecodedRow& row) const;

    std::vector<std::string> names_;
};

// Converts per-body-size doses to absolute ones, deferring rows that precede the weight.
class BodySizeResolver {
  public:
    explicit BodySizeResolver(const DecodeOptions& options) : options_(options) {}
    // Remembers body-size attributes as rows go by; one that changes what an earlier dose was
    // resolved with (a weight of an earlier day, read after the dose) makes has_deferred() true.
    void observe(const store::Event& event);
    // Multiplies event.value by the patient's `attribute`; adds an error to `row` if there is
    // none and the facts are complete, defers the check to finish() otherwise.
    void resolve(store::Event& event, const std::string& attribute, DecodedRow& row,
                 const ImportProblem& site);
    // Errors for deferred rows whose patient never got the attribute.
    std::vector<ImportProblem> finish();
    const BodySizeFacts& facts() const { return seen_; }
    // True when some dose cannot be resolved from the rows read so far: then the file must be
    // decoded again knowing all its body sizes (BodySizeFacts), so no dose depends on row order.
    bool has_deferred() const { return deferred_count_ > 0 || outdated_; }

  private:
    std::optional<double> lookup(const store::Event& event, const std::string& attribute) const;

    struct Deferred {
        ImportProblem site;
        std::string patient;
        std::string attribute;
        int32_t day = 0;
    };
    const DecodeOptions& options_;
    BodySizeFacts seen_;
    std::vector<Deferred> deferred_;
    size_t deferred_count_ = 0;
    // Doses resolved before the whole file was known, per patient and attribute: the dose's day
    // and the body size used, to be found again by every later body size of the patient.
    std::map<std::pair<std::string, std::string>, std::vector<std::pair<int32_t, double>>>
        resolved_early_;
    bool outdated_ = false;
};

// The common part of decoders that stream one CSV file (long format, wide sheets): header,
// blank-row skipping, row location, end-of-file problems and progress.
class CsvRowDecoder : public RowDecoder {
  public:
    bool next(DecodedRow& row) override;
    // Decodes straight into `out` (see events_of), saving a move of every event.
    bool next_into(DecodedRow& row, std::vector<store::Event>& out) override;
    const std::vector<std::string>& header() const override { return header_.names(); }
    std::vector<ImportProblem> finish() override;
    bool file_failed() const override { return !usable_ || !reader_->status().is_ok(); }
    const BodySizeFacts& body_size_facts() const override { return resolver_.facts(); }
    bool has_deferred() const override { return resolver_.has_deferred(); }
    uint64_t bytes_consumed() const override { return reader_->bytes_consumed(); }
    uint64_t total_bytes() const override { return reader_->total_bytes(); }

  protected:
    CsvRowDecoder(std::unique_ptr<CsvReader> reader, std::string file,
                  const DecodeOptions& options);
    // Reads the header row into header_; false (with a file problem) when the file is empty.
    bool read_header_row();
    // Decodes record_ (a non-blank row) into `row`; row.fields is filled only afterwards.
    virtual void decode(DecodedRow& row) = 0;
    // Where decode() puts the row's events: the caller's vector during next_into(), else
    // row.events. A decoder that always uses row.events is still correct (next_into moves them).
    std::vector<store::Event>& events_of(DecodedRow& row) { return sink_ ? *sink_ : row.events; }
    // Checks the baseline events of a row with no other error (events[from..], the row's k-th
    // at row.value_columns[k]) against the file's earlier rows: false, with an error at the
    // value's column, when one gives a patient's attribute another value (baseline_values.h);
    // otherwise remembers them.
    bool check_baselines(DecodedRow& row, const std::vector<store::Event>& events, size_t from);
    // Adds a problem located at `column` (0-based) of the current record.
    void error(std::vector<ImportProblem>& into, int column, std::string message) {
        into.push_back(make_problem(file_, record_.line, static_cast<uint32_t>(column + 1),
                                    header_.name(column), std::move(message),
                                    HeaderMap::get(record_, column)));
    }

    std::unique_ptr<CsvReader> reader_;
    std::string file_;
    DecodeOptions options_;
    BodySizeResolver resolver_;
    BaselineValues baselines_;          // each patient's baseline attributes so far
    ObservationNormaliser normaliser_;  // kind/code/unit spellings resolved once per file
    HeaderMap header_;
    CsvRecord record_;
    std::vector<ImportProblem> file_problems_;   // header problems, reported once by finish()
    bool usable_ = false;                        // set by the subclass once the header is good
    std::vector<store::Event>* sink_ = nullptr;  // next_into()'s `out` while it runs
};

}  // namespace dayzero::importers
