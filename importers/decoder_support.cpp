#include "importers/decoder_support.h"

#include <algorithm>
#include <unordered_set>

#include "importers/event_rules.h"
#include "importers/text_util.h"
#include "store/signature.h"

namespace dayzero::importers {

ImportProblem make_problem(const std::string& file, uint64_t line, uint32_t column,
                           std::string_view field, std::string message, std::string_view value) {
    ImportProblem problem;
    problem.file = file;
    problem.line = line;
    problem.column = column;
    problem.field = std::string(field);
    problem.message = std::move(message);
    problem.value = display_value(value);
    return problem;
}

std::string patient_id_problem(std::string_view id, std::string_view name) {
    const std::string what(name);
    if (!is_valid_utf8(id)) return what + " is not valid UTF-8";
    for (char c : id) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) return what + " contains a control character";
    }
    if (store::is_system_patient(id))
        return what + " starts with '~', which the store keeps for its own records";
    if (id.size() > kMaxPatientIdBytes) {
        return what + " is longer than " + std::to_string(kMaxPatientIdBytes) + " bytes (" +
               std::to_string(id.size()) + ")";
    }
    return {};
}

void HeaderMap::assign(const CsvRecord& header, const std::string& file,
                       std::vector<ImportProblem>& problems) {
    names_.clear();
    for (auto field : header.fields)
        names_.emplace_back(trim(field));
    while (!names_.empty() && names_.back().empty())
        names_.pop_back();
    // A hash set, not a scan of the earlier names: a hostile header of 100,000 columns must not
    // cost 5e9 comparisons (tests/robust/hostile_csv_test.cpp).
    std::unordered_set<std::string> seen;  // lower-cased names so far (iequals is ASCII-only)
    seen.reserve(names_.size());
    for (size_t i = 0; i < names_.size(); ++i) {
        const uint32_t column = static_cast<uint32_t>(i) + 1;
        if (names_[i].empty()) {
            problems.push_back(
                make_problem(file, header.line, column, "", "empty column name", ""));
            continue;
        }
        if (!seen.insert(to_lower(names_[i])).second) {
            problems.push_back(make_problem(file, header.line, column, names_[i],
                                            "duplicate column name", names_[i]));
        }
    }
}

int HeaderMap::index(std::string_view name) const {
    for (size_t i = 0; i < names_.size(); ++i) {
        if (iequals(names_[i], name)) return static_cast<int>(i);
    }
    return -1;
}

std::string_view HeaderMap::name(int index) const {
    if (index < 0 || static_cast<size_t>(index) >= names_.size()) return {};
    return names_[static_cast<size_t>(index)];
}

bool HeaderMap::check_uneven_width(const CsvRecord& record, const std::string& file,
                                   DecodedRow& row) const {
    const size_t width = names_.size();
    if (record.fields.size() < width) {
        row.errors.push_back(make_problem(file, record.line,
                                          static_cast<uint32_t>(record.fields.size()), "",
                                          "row has " + std::to_string(record.fields.size()) +
                                              " fields, the header has " + std::to_string(width),
                                          ""));
        return false;
    }
    for (size_t i = width; i < record.fields.size(); ++i) {
        if (!trim(record.fields[i]).empty()) {
            row.errors.push_back(make_problem(file, record.line, static_cast<uint32_t>(i) + 1, "",
                                              "row has " + std::to_string(record.fields.size()) +
                                                  " fields, the header has " +
                                                  std::to_string(width),
                                              record.fields[i]));
            return false;
        }
    }
    return true;
}

std::optional<double> BodySizeResolver::lookup(const store::Event& event,
                                               const std::string& attribute) const {
    if (options_.known_body_size) {
        if (auto value = options_.known_body_size->find(event.patient_id, attribute, event.day)) {
            return value;
        }
    }
    if (auto value = seen_.find(event.patient_id, attribute, event.day)) return value;
    if (options_.external) return options_.external(event.patient_id, attribute);
    return std::nullopt;
}

void BodySizeResolver::observe(const store::Event& event) {
    seen_.observe(event);
    if (resolved_early_.empty() || event.kind != store::EventKind::kBaseline || !event.value)
        return;
    auto early = resolved_early_.find({event.patient_id, event.code});
    if (early == resolved_early_.end()) return;
    for (const auto& [day, used] : early->second) {
        auto now = seen_.find(event.patient_id, event.code, day);
        if (!now || *now != used) outdated_ = true;
    }
}

void BodySizeResolver::resolve(store::Event& event, const std::string& attribute, DecodedRow& row,
                               const ImportProblem& site) {
    if (auto size = lookup(event, attribute)) {
        // Resolved from the rows read so far (or the store): a later row of the file may yet
        // give a body size that the rule prefers.
        if (!options_.known_body_size ||
            !options_.known_body_size->find(event.patient_id, attribute, event.day)) {
            resolved_early_[{event.patient_id, attribute}].emplace_back(event.day, *size);
        }
        std::string message;
        if (!apply_body_size(event, *size, message)) {
            ImportProblem problem = site;
            problem.message = message;
            row.errors.push_back(std::move(problem));
        }
        return;
    }
    if (options_.known_body_size) {
        ImportProblem problem = site;
        problem.message = "no " + attribute + " recorded for patient '" + event.patient_id +
                          "' (needed to convert " + event.original + " to mg)";
        row.errors.push_back(std::move(problem));
        return;
    }
    ++deferred_count_;
    deferred_.push_back({site, event.patient_id, attribute, event.day});
}

std::vector<ImportProblem> BodySizeResolver::finish() {
    std::vector<ImportProblem> problems;
    for (auto& entry : deferred_) {
        store::Event probe;
        probe.patient_id = entry.patient;
        probe.day = entry.day;
        if (lookup(probe, entry.attribute)) continue;
        ImportProblem problem = entry.site;
        problem.message = "no " + entry.attribute + " recorded for patient '" + entry.patient +
                          "' in this file or the store (needed to convert to mg)";
        problems.push_back(std::move(problem));
    }
    deferred_.clear();
    return problems;
}

CsvRowDecoder::CsvRowDecoder(std::unique_ptr<CsvReader> reader, std::string file,
                             const DecodeOptions& options)
    : reader_(std::move(reader)),
      file_(std::move(file)),
      options_(options),
      resolver_(options_),
      normaliser_(options.unknown_analytes) {}

bool CsvRowDecoder::read_header_row() {
    if (!reader_->next(record_)) {
        if (reader_->status().is_ok()) {
            file_problems_.push_back(
                make_problem(file_, 1, 0, "", "file is empty (no header)", ""));
        }
        return false;
    }
    header_.assign(record_, file_, file_problems_);
    return true;
}

bool is_blank_record(const std::vector<std::string_view>& fields) {
    for (auto field : fields) {
        if (!trim(field).empty()) return false;
    }
    return true;
}

bool CsvRowDecoder::next(DecodedRow& row) {
    row.clear();
    if (!usable_) return false;
    while (reader_->next(record_)) {
        if (is_blank_record(record_.fields)) continue;
        row.line = record_.line;
        decode(row);
        // The record's field views become the row's without a copy; the reader refills the
        // vector it gets back (decode() reads record_, never row.fields).
        row.fields.swap(record_.fields);
        return true;
    }
    return false;
}

bool CsvRowDecoder::next_into(DecodedRow& row, std::vector<store::Event>& out) {
    return next_into_sink(sink_, out, row, [this](DecodedRow& r) { return next(r); });
}

std::vector<ImportProblem> CsvRowDecoder::finish() {
    std::vector<ImportProblem> problems = std::move(file_problems_);
    file_problems_.clear();
    if (!reader_->status().is_ok()) {
        problems.push_back(
            make_problem(file_, reader_->error_line(), 0, "", reader_->status().message(), ""));
    }
    for (auto& problem : resolver_.finish())
        problems.push_back(std::move(problem));
    return problems;
}

bool CsvRowDecoder::check_baselines(DecodedRow& row, const std::vector<store::Event>& events,
                                    size_t from) {
    // Only baseline attributes have one value per patient: the rest of a file's rows, nearly
    // all of them, need neither call below.
    const auto baseline = [](const store::Event& e) {
        return e.kind == store::EventKind::kBaseline;
    };
    if (std::none_of(events.begin() + static_cast<std::ptrdiff_t>(from), events.end(), baseline))
        return true;
    for (size_t i = from; i < events.size(); ++i) {
        const uint64_t earlier = baselines_.conflict(events[i]);
        if (earlier == 0) continue;
        const size_t k = i - from;
        const int column = k < row.value_columns.size() && row.value_columns[k] > 0
                               ? static_cast<int>(row.value_columns[k]) - 1
                               : -1;
        error(row.errors, column, BaselineValues::message(events[i], earlier));
        return false;
    }
    for (size_t i = from; i < events.size(); ++i)
        baselines_.record(events[i], record_.line);
    return true;
}

}  // namespace dayzero::importers
