#include "importers/long_decoder.h"

#include <algorithm>
#include <array>
#include <vector>

#include "importers/decoder_support.h"
#include "importers/event_rules.h"
#include "importers/text_util.h"
#include "text/suggest.h"

namespace dayzero::importers {
namespace {

enum Column { kPatient, kDay, kTime, kKind, kCode, kValue, kUnit, kNote, kColumnCount };
constexpr std::array<std::string_view, kColumnCount> kColumnNames{
    "patient_id", "day", "time", "kind", "code", "value", "unit", "note"};

// "patient_id, day, ..., note".
std::string join_names() {
    std::string out;
    for (const auto name : kColumnNames)
        out.append(out.empty() ? "" : ", ").append(name);
    return out;
}

class LongDecoder final : public CsvRowDecoder {
  public:
    LongDecoder(std::unique_ptr<CsvReader> reader, std::string file, const DecodeOptions& options)
        : CsvRowDecoder(std::move(reader), std::move(file), options) {
        read_header();
    }

  private:
    void read_header();
    // The header's columns (0-based, not empty) that the format does not have, as one problem.
    ImportProblem unknown_columns_problem(const std::vector<size_t>& unknown) const;
    void decode(DecodedRow& row) override;

    std::array<int, kColumnCount> index_{};
    std::string valid_patient_;  // the last patient_id found to be a valid id
};

void LongDecoder::read_header() {
    if (!read_header_row()) return;
    for (size_t c = 0; c < kColumnCount; ++c)
        index_[c] = header_.index(kColumnNames[c]);
    // A column the format does not have is refused, never ignored: a misspelt `units` would
    // leave every value in its kind's canonical unit. One problem, at the first such column.
    std::vector<size_t> unknown;
    for (size_t c = 0; c < header_.names().size(); ++c) {
        const std::string& name = header_.names()[c];
        const bool known =
            std::any_of(kColumnNames.begin(), kColumnNames.end(),
                        [&](std::string_view column) { return iequals(name, column); });
        if (!known && header_.index(name) == static_cast<int>(c)) unknown.push_back(c);
    }
    if (!unknown.empty()) file_problems_.push_back(unknown_columns_problem(unknown));
    for (Column required : {kPatient, kDay, kKind}) {
        if (index_[required] < 0) {
            file_problems_.push_back(make_problem(
                file_, record_.line, 0, kColumnNames[required],
                "required column '" + std::string(kColumnNames[required]) + "' is missing", ""));
        }
    }
    usable_ = file_problems_.empty();
}

ImportProblem LongDecoder::unknown_columns_problem(const std::vector<size_t>& unknown) const {
    constexpr size_t kNamed = 3;  // a header of thousands of columns names a few
    const auto& names = header_.names();
    const std::string& first = names[unknown.front()];
    std::string message;
    if (unknown.size() == 1) {
        const std::vector<std::string> known(kColumnNames.begin(), kColumnNames.end());
        message = "column '" + first + "' is not one of the long format's (" + join_names() + ")" +
                  text::did_you_mean(first, known);
    } else {
        message = std::to_string(unknown.size()) + " columns are not the long format's (" +
                  join_names() + "): ";
        for (size_t i = 0; i < std::min(kNamed, unknown.size()); ++i)
            message += (i == 0 ? "'" : ", '") + names[unknown[i]] + "'";
        if (unknown.size() > kNamed)
            message += " and " + std::to_string(unknown.size() - kNamed) + " more";
    }
    return make_problem(
        file_, record_.line, static_cast<uint32_t>(unknown.front() + 1), first,
        message + (unknown.size() == 1
                       ? "; rename or remove it (what it holds would not be imported)"
                       : "; rename or remove them (what they hold would not be imported)"),
        "");
}

void LongDecoder::decode(DecodedRow& row) {
    if (record_.problem_column != 0) {
        error(row.errors, static_cast<int>(record_.problem_column) - 1,
              std::string(record_.problem));
    }
    if (!header_.check_width(record_, file_, row)) return;
    // The record is at least as wide as the header, so every present column's field exists.
    const std::string_view* fields = record_.fields.data();
    const auto field = [&](Column column) {
        const int index = index_[column];
        return index < 0 ? std::string_view() : trim(fields[index]);
    };
    store::Event& event = events_of(row).emplace_back();
    row.value_columns.push_back(static_cast<uint32_t>(index_[kValue] + 1));
    std::string_view patient = field(kPatient);
    // A patient's rows usually come together: the id is checked once and then copied from
    // valid_patient_ (string to string, cheaper than assigning a view).
    bool known = !patient.empty() && patient == valid_patient_;
    if (patient.empty()) {
        error(row.errors, index_[kPatient], "patient_id is missing");
    } else if (!known) {
        if (std::string problem = patient_id_problem(patient, "patient_id"); problem.empty()) {
            valid_patient_.assign(patient);
            known = true;
        } else {
            error(row.errors, index_[kPatient], std::move(problem));
        }
    }
    if (known) {
        event.patient_id = valid_patient_;
    } else {
        event.patient_id.assign(patient);
    }

    std::string_view day_text = field(kDay);
    auto day = parse_integer(day_text);
    if (!day) {
        error(row.errors, index_[kDay],
              day_text.empty() ? "day is missing" : "day is not a whole number");
    } else if (std::string message;
               !day_is_usual(*day) && !check_day(*day, options_.allow_any_day, message)) {
        error(row.errors, index_[kDay], message);
    } else {
        event.day = static_cast<int32_t>(*day);
    }

    std::string_view time_text = field(kTime);
    event.minute.reset();
    if (!time_text.empty()) {
        event.minute = parse_clock(time_text);
        if (!event.minute) error(row.errors, index_[kTime], "time is not HH:MM (00:00..23:59)");
    }

    std::string_view kind_text = field(kKind);
    auto kind = parse_kind_name(kind_text);
    if (!kind) {
        error(row.errors, index_[kKind], kind_text.empty() ? "kind is missing" : "unknown kind");
        return;
    }
    RawObservation raw{*kind, field(kCode), field(kValue), field(kUnit)};
    // Codes, values and units are stored as read (a text value, a lenient unknown analyte) and
    // hashed into the store's replay stream: bytes that are not UTF-8 would not load back, and
    // replacing them would change what the row says, so the row is refused. (An all-ASCII line,
    // the usual one, is UTF-8 throughout: the reader saw its every byte.)
    for (Column column : {kCode, kValue, kUnit}) {
        if (!record_.ascii && !is_valid_utf8(field(column))) {
            error(row.errors, index_[column],
                  std::string(kColumnNames[column]) + " is not valid UTF-8");
            return;
        }
    }
    RuleOutcome outcome = normaliser_.normalise(raw, event);
    // The column a rule's finding is about (the kind's when that column is absent).
    auto column_of = [this](ObservationPart part) {
        const Column column = part == ObservationPart::kCode    ? kCode
                              : part == ObservationPart::kValue ? kValue
                                                                : kUnit;
        return index_[column] >= 0 ? index_[column] : index_[kKind];
    };
    if (!outcome.ok) {
        error(row.errors, column_of(outcome.part), outcome.message);
        return;
    }
    if (!outcome.warning.empty())
        error(row.warnings, column_of(outcome.warning_part), outcome.warning);
    std::string_view note = field(kNote);
    if (note.empty()) {
        event.note.clear();  // the usual case, without a call into std::string's general assign
    } else if (record_.ascii || is_valid_utf8(note)) {
        event.note.assign(note);
    } else {
        event.note = sanitize_utf8(note);
        row.warnings.push_back(make_problem(file_, record_.line,
                                            static_cast<uint32_t>(index_[kNote] + 1), "note",
                                            "note is not valid UTF-8: bad bytes replaced", note));
    }
    event.source_line = static_cast<uint32_t>(record_.line);
    if (!row.errors.empty()) return;
    const std::vector<store::Event>& events = events_of(row);
    if (!check_baselines(row, events, events.size() - 1)) return;
    if (!outcome.per_attribute.empty()) {
        resolver_.resolve(
            event, outcome.per_attribute, row,
            make_problem(file_, record_.line, static_cast<uint32_t>(index_[kUnit] + 1), "unit", "",
                         raw.unit));
    }
    resolver_.observe(event);
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
