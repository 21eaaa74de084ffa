#include "importers/wide_decoder.h"

#include <fmt/format.h>

#include <optional>
#include <set>
#include <unordered_map>

#include "importers/decoder_support.h"
#include "importers/event_rules.h"
#include "importers/text_util.h"

namespace dayzero::importers {
namespace {

bool is_yes(std::string_view text) {
    return iequals(text, "yes") || iequals(text, "y") || iequals(text, "true") || text == "1" ||
           iequals(text, "x");
}

bool is_no(std::string_view text) {
    return text.empty() || iequals(text, "no") || iequals(text, "n") || iequals(text, "false") ||
           text == "0" || iequals(text, "none") || text == "-";
}

// How sheets say "not measured": an empty cell, or one of the markers spreadsheets and
// statistics packages write for a missing value.
bool not_measured(std::string_view text) {
    return text.empty() || iequals(text, "NA") || iequals(text, "N/A") || iequals(text, "ND") ||
           iequals(text, "NaN") || iequals(text, "not done") || text == "." || text == "-";
}

class WideDecoder final : public CsvRowDecoder {
  public:
    WideDecoder(std::unique_ptr<CsvReader> reader, std::string file, const WideMapping& mapping,
                const DecodeOptions& options)
        : CsvRowDecoder(std::move(reader), std::move(file), options), mapping_(mapping) {
        read_header();
    }

  private:
    struct Columns {
        int cell = -1;
        int value = -1;
        int unit = -1;
        int day = -1;  // one row per patient: the column of this event's day
    };

    void read_header();
    int require(const std::string& name);
    void decode(DecodedRow& row) override;
    void decode_column(DecodedRow& row, const WideColumn& spec, const Columns& columns);
    void decode_vasopressors(DecodedRow& row, const WideColumn& spec, int column);
    // One row per patient: sets the day of a measured cell's event (its day column, else day 0
    // for attributes); false when the cell records nothing or its day is an error.
    bool column_day(DecodedRow& row, const WideColumn& spec, const Columns& at);
    // Sets the current day from the column's day cell; false (with an error) when it is not one.
    bool column_day_of(DecodedRow& row, const Columns& at);
    // A column that records nothing but whose day cell holds a day: a death of unknown cause,
    // else an error on the day (a relapse day beside "no" must not vanish).
    void orphan_day(DecodedRow& row, const WideColumn& spec, const Columns& at);
    // A new event of the current patient and day whose value is in 0-based `column` (-1: none).
    store::Event& new_event(DecodedRow& row, int column);
    // Takes back the last new_event (its value was refused).
    static void drop_event(DecodedRow& row);

    const WideMapping& mapping_;
    int patient_ = -1;
    int day_ = -1;
    int time_ = -1;
    std::vector<Columns> columns_;
    // Daily vasopressor state of each patient met: the day of its previous row and the drugs
    // running then. Per patient, because a sheet may interleave them (sorted by day, say).
    struct Vasopressors {
        int32_t day = 0;
        std::set<std::string> running;
    };
    std::unordered_map<std::string, Vasopressors> vasopressors_;
    std::optional<std::set<std::string>> pending_running_;
    store::Event current_;  // patient, day and time of the row being decoded
};

int WideDecoder::require(const std::string& name) {
    if (name.empty()) return -1;
    int index = header_.index(name);
    if (index < 0) {
        file_problems_.push_back(
            make_problem(file_, record_.line, 0, name,
                         "column '" + name + "' named in the mapping is not in the header", ""));
    }
    return index;
}

void WideDecoder::read_header() {
    if (!read_header_row()) return;
    patient_ = require(mapping_.patient_column);
    day_ = require(mapping_.day_column);
    time_ = require(mapping_.time_column);
    for (const auto& spec : mapping_.columns) {
        columns_.push_back({require(spec.column), require(spec.value_column),
                            require(spec.unit_column), require(spec.day_column)});
    }
    usable_ = file_problems_.empty();
}

void WideDecoder::drop_event(DecodedRow& row) {
    row.events.pop_back();
    row.value_columns.pop_back();
}

store::Event& WideDecoder::new_event(DecodedRow& row, int column) {
    row.value_columns.push_back(static_cast<uint32_t>(column + 1));
    store::Event& event = row.events.emplace_back();
    event.patient_id = current_.patient_id;
    event.day = current_.day;
    event.minute = current_.minute;
    event.source_line = static_cast<uint32_t>(record_.line);
    return event;
}

void WideDecoder::decode(DecodedRow& row) {
    if (record_.problem_column != 0) {
        error(row.errors, static_cast<int>(record_.problem_column) - 1,
              std::string(record_.problem));
    }
    if (!header_.check_width(record_, file_, row)) return;
    std::string_view patient = HeaderMap::get(record_, patient_);
    const std::string problem =
        patient.empty() ? "patient id is missing" : patient_id_problem(patient, "patient id");
    if (!problem.empty()) {
        error(row.errors, patient_, problem);
        return;
    }
    current_.patient_id.assign(patient);
    current_.day = 0;
    current_.minute.reset();
    if (mapping_.per_patient) {
        for (size_t i = 0; i < mapping_.columns.size(); ++i) {
            const WideColumn& spec = mapping_.columns[i];
            if (column_day(row, spec, columns_[i])) decode_column(row, spec, columns_[i]);
        }
        if (!row.errors.empty() || !check_baselines(row, row.events, 0)) return;
        for (const auto& event : row.events)
            resolver_.observe(event);
        if (row.events.empty()) row.skipped = true;
        return;
    }
    auto day = parse_integer(HeaderMap::get(record_, day_));
    std::string message;
    if (!day) return error(row.errors, day_, "day is not a whole number");
    if (!check_day(*day, options_.allow_any_day, message)) return error(row.errors, day_, message);
    current_.day = static_cast<int32_t>(*day);
    if (time_ >= 0 && !HeaderMap::get(record_, time_).empty()) {
        current_.minute = parse_clock(HeaderMap::get(record_, time_));
        if (!current_.minute) return error(row.errors, time_, "time is not HH:MM");
    }
    pending_running_.reset();
    for (size_t i = 0; i < mapping_.columns.size(); ++i) {
        const WideColumn& spec = mapping_.columns[i];
        if (spec.daily_vasopressors) {
            decode_vasopressors(row, spec, columns_[i].cell);
        } else {
            decode_column(row, spec, columns_[i]);
        }
    }
    if (!row.errors.empty() || !check_baselines(row, row.events, 0)) return;
    // Only a good row moves the daily vasopressor state (a rejected row changes nothing).
    if (pending_running_) {
        vasopressors_[current_.patient_id] = {current_.day, std::move(*pending_running_)};
        pending_running_.reset();
    }
    for (const auto& event : row.events)
        resolver_.observe(event);
    if (row.events.empty()) row.skipped = true;
}

bool WideDecoder::column_day(DecodedRow& row, const WideColumn& spec, const Columns& at) {
    const std::string_view cell = HeaderMap::get(record_, at.cell);
    if (not_measured(cell) || (spec.flag && is_no(cell))) {
        if (at.day >= 0 && at.day != at.cell && !not_measured(HeaderMap::get(record_, at.day)))
            orphan_day(row, spec, at);
        return false;
    }
    current_.day = 0;  // attributes (age, sex, ...) are recorded on day 0, as SDTM DM's are
    return at.day < 0 || column_day_of(row, at);
}

bool WideDecoder::column_day_of(DecodedRow& row, const Columns& at) {
    const std::string_view text = HeaderMap::get(record_, at.day);
    auto day = parse_integer(text);
    std::string message;
    if (!day) {
        error(row.errors, at.day,
              text.empty() ? "no day for this row's '" + header_.names()[at.cell] + "'"
                           : std::string("day is not a whole number"));
        return false;
    }
    if (!check_day(*day, options_.allow_any_day, message)) {
        error(row.errors, at.day, message);
        return false;
    }
    current_.day = static_cast<int32_t>(*day);
    return true;
}

void WideDecoder::orphan_day(DecodedRow& row, const WideColumn& spec, const Columns& at) {
    const std::string_view cell = HeaderMap::get(record_, at.cell);
    // A death whose cause is empty is a death of unknown cause (the cause may be empty): its day
    // says it happened.
    if (spec.kind == store::EventKind::kDeath && spec.code_from_cell && not_measured(cell)) {
        if (!column_day_of(row, at)) return;
        store::Event& event = new_event(row, at.day);
        RuleOutcome outcome = normaliser_.normalise(RawObservation{spec.kind, "", "", ""}, event);
        if (!outcome.ok) {
            drop_event(row);
            error(row.errors, at.day, outcome.message);
        }
        return;
    }
    error(row.errors, at.day,
          "'" + header_.names()[at.day] + "' gives a day but '" + spec.column + "' records no " +
              std::string(store::kind_name(spec.kind)) +
              (cell.empty() ? std::string(" (it is empty)") : " ('" + std::string(cell) + "')") +
              ": a day needs its event; empty the day or fill in the event");
}

void WideDecoder::decode_column(DecodedRow& row, const WideColumn& spec, const Columns& at) {
    std::string_view cell = HeaderMap::get(record_, at.cell);
    if (spec.flag) {
        // A column that is its own day column (last_contact_day) records the event by its day.
        if (is_yes(cell) || (!spec.day_column.empty() && spec.day_column == spec.column))
            new_event(row, at.cell).kind = spec.kind;
        else if (!is_no(cell))
            error(row.errors, at.cell, "expected yes or no");
        return;
    }
    if (not_measured(cell)) {  // not recorded that day
        // A value whose code cell is empty (a flow of 5 with no device) says something was
        // measured without saying what: dropping it would lose a finding without a word.
        if (spec.code_from_cell && at.value >= 0 &&
            !not_measured(HeaderMap::get(record_, at.value))) {
            error(row.errors, at.cell,
                  "'" + header_.names()[at.value] + "' holds '" +
                      std::string(HeaderMap::get(record_, at.value)) + "' but '" + spec.column +
                      "' is empty: the value has no " +
                      (spec.kind == store::EventKind::kOxygen ? "device" : "code"));
        }
        return;
    }
    // A measurement named without its result (an analyte, its value cell empty): not measured.
    const bool measurement = spec.kind == store::EventKind::kLab ||
                             spec.kind == store::EventKind::kTemp ||
                             spec.kind == store::EventKind::kSbp;
    if (spec.code_from_cell && measurement && not_measured(HeaderMap::get(record_, at.value))) {
        return;
    }
    std::string code = spec.code;
    std::string_view value = cell;
    int value_column = at.cell;
    if (spec.code_from_cell) {
        auto mapped = spec.codes.find(to_upper(cell));
        code = mapped != spec.codes.end() ? mapped->second : std::string(cell);
        value = HeaderMap::get(record_, at.value);
        value_column = at.value;
    }
    std::string_view unit = at.unit >= 0 ? HeaderMap::get(record_, at.unit) : spec.unit;
    // As in the long format: cells are stored as written, and bytes that are not UTF-8 would not
    // load back from the store's replay stream.
    for (const auto& [text, column] :
         {std::pair{cell, at.cell}, std::pair{value, value_column}, std::pair{unit, at.unit}}) {
        if (column >= 0 && !is_valid_utf8(text))
            return error(row.errors, column,
                         "'" + header_.names()[column] + "' is not valid UTF-8");
    }
    store::Event& event = new_event(row, value_column);
    RuleOutcome outcome =
        normaliser_.normalise(RawObservation{spec.kind, code, value, unit}, event);
    if (!outcome.ok) {
        drop_event(row);
        const int blamed = outcome.part == ObservationPart::kCode                   ? at.cell
                           : outcome.part == ObservationPart::kUnit && at.unit >= 0 ? at.unit
                                                                                    : value_column;
        return error(row.errors, blamed, outcome.message);
    }
    if (!outcome.warning.empty()) error(row.warnings, value_column, outcome.warning);
    if (!outcome.per_attribute.empty()) {
        resolver_.resolve(event, outcome.per_attribute, row,
                          make_problem(file_, record_.line, static_cast<uint32_t>(at.cell + 1),
                                       spec.column, "", cell));
    }
}

void WideDecoder::decode_vasopressors(DecodedRow& row, const WideColumn& spec, int column) {
    static const std::set<std::string> kNone;
    const std::set<std::string>* running = &kNone;
    if (auto earlier = vasopressors_.find(current_.patient_id); earlier != vasopressors_.end()) {
        if (current_.day <= earlier->second.day) {
            return error(row.errors, day_,
                         fmt::format("rows of a patient must be in increasing day order for the "
                                     "daily vasopressor column (patient {} had day {} before)",
                                     current_.patient_id, earlier->second.day));
        }
        running = &earlier->second.running;
    }
    std::set<std::string> today;
    std::string_view cell = HeaderMap::get(record_, column);
    if (!is_no(cell)) {
        size_t start = 0;
        while (start <= cell.size()) {
            size_t end = cell.find(spec.separator, start);
            if (end == std::string_view::npos) end = cell.size();
            std::string_view name = trim(cell.substr(start, end - start));
            if (!name.empty()) {
                auto mapped = spec.codes.find(to_upper(name));
                today.insert(to_lower(mapped != spec.codes.end() ? mapped->second : name));
            }
            start = end + spec.separator.size();
        }
    }
    // A drug listed today and not yesterday starts; one listed yesterday and not today stops.
    const std::set<std::string>* const sets[] = {&today, running};
    for (const std::set<std::string>* set : sets) {
        const bool starting = set == &today;
        for (const auto& drug : *set) {
            if ((starting ? running->count(drug) : today.count(drug)) != 0) continue;
            store::Event& event = new_event(row, column);
            event.minute.reset();
            auto outcome =
                normaliser_.normalise(RawObservation{starting ? store::EventKind::kVasopressorStart
                                                              : store::EventKind::kVasopressorStop,
                                                     drug, "", ""},
                                      event);
            if (!outcome.ok) {
                drop_event(row);
                error(row.errors, column, outcome.message);
            }
        }
    }
    pending_running_ = std::move(today);
}

}  // namespace

store::Result<std::unique_ptr<RowDecoder>> make_wide_decoder(const std::string& path,
                                                             const WideMapping& mapping,
                                                             const DecodeOptions& options) {
    auto reader = CsvReader::open(path);
    if (!reader) return reader.status();
    return std::unique_ptr<RowDecoder>(
        std::make_unique<WideDecoder>(std::move(reader.value()), path, mapping, options));
}

DecodedFile decode_wide_csv(const std::string& path, const WideMapping& mapping,
                            const DecodeOptions& options) {
    return decode_all(
        path, [&](const DecodeOptions& o) { return make_wide_decoder(path, mapping, o); }, options);
}

}  // namespace dayzero::importers
