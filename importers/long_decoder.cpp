#include "importers/long_decoder.h"

#include <array>

#include "importers/decoder_support.h"
#include "importers/event_rules.h"
#include "importers/text_util.h"

namespace dayzero::importers {
namespace {

enum Column { kPatient, kDay, kTime, kKind, kCode, kValue, kUnit, kNote, kColumnCount };
constexpr std::array<std::string_view, kColumnCount> kColumnNames{
    "patient_id", "day", "time", "kind", "code", "value", "unit", "note"};

class LongDecoder final : public RowDecoder {
public:
    LongDecoder(std::unique_ptr<CsvReader> reader, std::string file, const DecodeOptions& options)
        : reader_(std::move(reader)), file_(std::move(file)), options_(options),
          resolver_(options_) {
        read_header();
    }

    bool next(DecodedRow& row) override;
    const std::vector<std::string>& header() const override { return header_.names(); }
    std::vector<ImportProblem> finish() override;
    bool file_failed() const override { return !usable_ || !reader_->status().is_ok(); }
    const BodySizeFacts& body_size_facts() const override { return resolver_.facts(); }
    bool has_deferred() const override { return resolver_.has_deferred(); }
    uint64_t bytes_consumed() const override { return reader_->bytes_consumed(); }
    uint64_t total_bytes() const override { return reader_->total_bytes(); }

private:
    void read_header();
    void decode(DecodedRow& row);
    void error(DecodedRow& row, int column, std::string message) {
        row.errors.push_back(make_problem(file_, record_.line, static_cast<uint32_t>(column + 1),
                                          header_.name(column), std::move(message),
                                          HeaderMap::get(record_, column)));
    }

    std::unique_ptr<CsvReader> reader_;
    std::string file_;
    DecodeOptions options_;
    BodySizeResolver resolver_;
    HeaderMap header_;
    CsvRecord record_;
    std::array<int, kColumnCount> index_{};
    std::vector<ImportProblem> file_problems_;  // header problems, reported once
    bool usable_ = false;
};

void LongDecoder::read_header() {
    if (!reader_->next(record_)) {
        if (reader_->status().is_ok()) {
            file_problems_.push_back(make_problem(file_, 1, 0, "", "file is empty (no header)", ""));
        }
        return;
    }
    header_.assign(record_, file_, file_problems_);
    for (size_t c = 0; c < kColumnCount; ++c) index_[c] = header_.index(kColumnNames[c]);
    for (Column required : {kPatient, kDay, kKind}) {
        if (index_[required] < 0) {
            file_problems_.push_back(make_problem(
                file_, record_.line, 0, kColumnNames[required],
                "required column '" + std::string(kColumnNames[required]) + "' is missing", ""));
        }
    }
    usable_ = file_problems_.empty();
}

bool LongDecoder::next(DecodedRow& row) {
    row.clear();
    if (!usable_) return false;
    while (reader_->next(record_)) {
        bool blank = true;
        for (auto field : record_.fields) blank = blank && trim(field).empty();
        if (blank) continue;  // spreadsheet exports write ",,,,," for empty rows
        row.line = record_.line;
        row.fields = record_.fields;
        decode(row);
        return true;
    }
    return false;
}

void LongDecoder::decode(DecodedRow& row) {
    if (record_.problem_column != 0) {
        error(row, static_cast<int>(record_.problem_column) - 1, std::string(record_.problem));
    }
    if (!header_.check_width(record_, file_, row)) return;
    store::Event& event = row.events.emplace_back();
    std::string_view patient = HeaderMap::get(record_, index_[kPatient]);
    if (patient.empty()) {
        error(row, index_[kPatient], "patient_id is missing");
    } else if (!is_valid_utf8(patient)) {
        error(row, index_[kPatient], "patient_id is not valid UTF-8");
    }
    event.patient_id.assign(patient);

    std::string message;
    std::string_view day_text = HeaderMap::get(record_, index_[kDay]);
    auto day = parse_integer(day_text);
    if (!day) {
        error(row, index_[kDay], day_text.empty() ? "day is missing" : "day is not a whole number");
    } else if (!check_day(*day, options_.allow_any_day, message)) {
        error(row, index_[kDay], message);
    } else {
        event.day = static_cast<int32_t>(*day);
    }

    std::string_view time_text = HeaderMap::get(record_, index_[kTime]);
    event.minute.reset();
    if (!time_text.empty()) {
        event.minute = parse_clock(time_text);
        if (!event.minute) error(row, index_[kTime], "time is not HH:MM (00:00..23:59)");
    }

    std::string_view kind_text = HeaderMap::get(record_, index_[kKind]);
    auto kind = store::parse_kind(kind_text);
    if (!kind) {
        error(row, index_[kKind], kind_text.empty() ? "kind is missing" : "unknown kind");
        return;
    }
    RawObservation raw{*kind, HeaderMap::get(record_, index_[kCode]),
                       HeaderMap::get(record_, index_[kValue]),
                       HeaderMap::get(record_, index_[kUnit])};
    RuleOutcome outcome = normalise_observation(raw, event);
    if (!outcome.ok) {
        const Column column = outcome.part == ObservationPart::kCode    ? kCode
                              : outcome.part == ObservationPart::kValue ? kValue
                                                                        : kUnit;
        int index = index_[column];
        if (index < 0) index = index_[kKind];  // the column is absent: blame the kind
        error(row, index, outcome.message);
        return;
    }
    if (!outcome.warning.empty()) {
        row.warnings.push_back(make_problem(file_, record_.line,
                                            static_cast<uint32_t>(index_[kValue] + 1), "value",
                                            outcome.warning, raw.value));
    }
    std::string_view note = HeaderMap::get(record_, index_[kNote]);
    if (is_valid_utf8(note)) {
        event.note.assign(note);
    } else {
        event.note = sanitize_utf8(note);
        row.warnings.push_back(make_problem(file_, record_.line,
                                            static_cast<uint32_t>(index_[kNote] + 1), "note",
                                            "note is not valid UTF-8: bad bytes replaced", note));
    }
    event.source_line = static_cast<uint32_t>(record_.line);
    if (!row.errors.empty()) return;
    if (!outcome.per_attribute.empty()) {
        resolver_.resolve(event, outcome.per_attribute, row,
                          make_problem(file_, record_.line,
                                       static_cast<uint32_t>(index_[kUnit] + 1), "unit", "",
                                       raw.unit));
    }
    resolver_.observe(event);
}

std::vector<ImportProblem> LongDecoder::finish() {
    std::vector<ImportProblem> problems = std::move(file_problems_);
    file_problems_.clear();
    if (!reader_->status().is_ok()) {
        problems.push_back(make_problem(file_, reader_->error_line(), 0, "",
                                        reader_->status().message(), ""));
    }
    for (auto& problem : resolver_.finish()) problems.push_back(std::move(problem));
    return problems;
}

}  // namespace

store::Result<std::unique_ptr<RowDecoder>> make_long_decoder(const std::string& path,
                                                             const DecodeOptions& options) {
    auto reader = CsvReader::open(path);
    if (!reader) return reader.status();
    return std::unique_ptr<RowDecoder>(
        std::make_unique<LongDecoder>(std::move(reader.value()), path, options));
}

std::unique_ptr<RowDecoder> make_long_decoder_from_string(std::string text,
                                                          const std::string& display_name,
                                                          const DecodeOptions& options) {
    return std::make_unique<LongDecoder>(CsvReader::from_string(std::move(text)), display_name,
                                         options);
}

DecodedFile decode_long_csv(const std::string& path, const DecodeOptions& options) {
    return decode_all(
        path, [&path](const DecodeOptions& o) { return make_long_decoder(path, o); }, options);
}

}  // namespace dayzero::importers
