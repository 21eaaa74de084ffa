#include "importers/sdtm_study.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "importers/csv_reader.h"
#include "importers/decoder_support.h"
#include "importers/iso_date.h"
#include "importers/sdtm_decoder.h"
#include "importers/term_match.h"
#include "importers/text_util.h"

namespace dayzero::importers {
namespace {

constexpr std::string_view kDomainOrder[] = {"DM", "EX", "VS", "LB", "CM", "PR", "AE", "RS", "DS"};

int domain_rank(std::string_view domain) {
    for (size_t i = 0; i < std::size(kDomainOrder); ++i) {
        if (kDomainOrder[i] == domain) return static_cast<int>(i);
    }
    return -1;
}

// DM, VS and LB rows never become doses, so none needs a weight from the store or a later row.
bool is_alone_domain(std::string_view domain) {
    return domain == "DM" || domain == "VS" || domain == "LB";
}

// Reads a domain file's header and first data row; the domain comes from its DOMAIN column,
// else the file name.
SdtmTable read_table(const std::string& path) {
    SdtmTable table;
    table.path = path;
    table.stamp = file_stamp(path);
    auto reader = CsvReader::open(path);
    if (!reader) {
        table.problems.push_back(make_problem(path, 0, 0, "", reader.status().message(), ""));
        return table;
    }
    CsvRecord record;
    if ((*reader)->next(record)) {
        HeaderMap header;
        header.assign(record, path, table.problems);
        table.set_header(header.names());
    }
    if (!(*reader)->status().is_ok()) {
        table.problems.push_back(
            make_problem(path, (*reader)->error_line(), 0, "", (*reader)->status().message(), ""));
    }
    const int domain_column = table.column("DOMAIN");
    if (domain_column >= 0 && table.problems.empty() && (*reader)->next(record))
        table.domain = to_upper(table.get(record, domain_column));
    if (domain_rank(table.domain) < 0) {
        table.domain = to_upper(std::filesystem::path(path).stem().string());
    }
    return table;
}

}  // namespace

void SdtmTable::set_header(std::vector<std::string> names) {
    header = std::move(names);
    columns.clear();
    for (size_t i = 0; i < header.size(); ++i)
        columns.emplace(to_upper(header[i]), static_cast<int>(i));  // the first of duplicates
}

int SdtmTable::column(std::string_view name) const {
    // Decoders ask several times a row: one hash lookup, no allocation for SDTM's short names.
    const auto found = columns.find(to_upper(name));
    return found == columns.end() ? -1 : found->second;
}

std::string_view SdtmTable::get(const Row& row, int column) const {
    if (column < 0 || static_cast<size_t>(column) >= row.fields.size()) return {};
    return trim(row.fields[static_cast<size_t>(column)]);
}

SdtmRows::SdtmRows(const SdtmTable& table) : table_(table) {
    if (!table.problems.empty()) return;  // the decoders report the header's problems
    auto reader = CsvReader::open(table.path);
    if (!reader) {
        open_status_ = reader.status();
        return;
    }
    reader_ = std::move(reader).value();
    if (!reader_->next(record_)) reader_.reset();  // the header, read again
}

bool SdtmRows::next() {
    return reader_ != nullptr && reader_->next(record_);
}

std::optional<ImportProblem> SdtmRows::failure() const {
    if (!open_status_.is_ok())
        return make_problem(table_.path, 0, 0, "", open_status_.message(), "");
    if (reader_ != nullptr && !reader_->status().is_ok())
        return make_problem(table_.path, reader_->error_line(), 0, "", reader_->status().message(),
                            "");
    return std::nullopt;
}

store::Result<std::shared_ptr<SdtmStudy>> SdtmStudy::load(const std::vector<std::string>& paths,
                                                          const SdtmOptions& options,
                                                          std::vector<std::string>& ignored) {
    auto study = std::make_shared<SdtmStudy>();
    study->options_ = options;
    const std::string mapping_path =
        options.mapping_path.empty() ? SdtmMapping::default_path() : options.mapping_path;
    auto mapping = SdtmMapping::load(mapping_path);
    if (!mapping) return mapping.status();
    study->mapping_ = std::move(mapping.value());
    for (const auto& path : paths) {
        SdtmTable table = read_table(path);
        if (domain_rank(table.domain) < 0) {
            ignored.push_back(path +
                              ": not an SDTM domain dayzero imports (DM, VS, LB, EX, CM, "
                              "PR, AE, RS, DS); ignored");
            continue;
        }
        study->tables_.push_back(std::move(table));
    }
    if (study->tables_.empty()) {
        return store::Status::invalid_argument(
            "no SDTM domain files (dm.csv, vs.csv, ex.csv, "
            "...) among the inputs");
    }
    std::stable_sort(study->tables_.begin(), study->tables_.end(),
                     [](const SdtmTable& a, const SdtmTable& b) {
                         return domain_rank(a.domain) < domain_rank(b.domain);
                     });
    study->choose_first();
    study->compute_anchors();
    study->collect_fatal_crs();
    return study;
}

void SdtmStudy::choose_first() {
    // A strict study streams its first file into its transaction and validates the others before
    // it commits, so that file is decoded once instead of twice: the largest one that decodes
    // alone. It also creates the study's patients, so its events go into new pages whole instead
    // of being merged into pages the files before it wrote.
    uintmax_t first_size = 0;
    for (size_t i = 0; i < tables_.size(); ++i) {
        std::error_code ec;
        const uintmax_t size = std::filesystem::file_size(tables_[i].path, ec);
        if (ec || !is_alone_domain(tables_[i].domain)) continue;
        if (!is_alone_domain(tables_[first_].domain) || size > first_size) {
            first_ = i;
            first_size = size;
        }
    }
}

std::vector<std::string> SdtmStudy::files() const {
    std::vector<std::string> out;
    out.push_back(tables_[first_].path);
    for (size_t i = 0; i < tables_.size(); ++i) {
        if (i != first_) out.push_back(tables_[i].path);
    }
    return out;
}

std::optional<FileStamp> SdtmStudy::stamp(const std::string& path) const {
    for (const auto& table : tables_) {
        if (table.path == path) return table.stamp;
    }
    return std::nullopt;
}

bool SdtmStudy::decodes_alone(const std::string& path) const {
    for (const auto& table : tables_) {
        if (table.path == path) return is_alone_domain(table.domain);
    }
    return false;
}

std::optional<int64_t> SdtmStudy::anchor(const std::string& subject) const {
    auto it = anchors_.find(subject);
    if (it == anchors_.end()) return std::nullopt;
    return it->second;
}

std::optional<int16_t> SdtmStudy::anchor_offset(const std::string& subject) const {
    auto it = anchor_offsets_.find(subject);
    if (it == anchor_offsets_.end()) return std::nullopt;
    return it->second;
}

const std::vector<std::string>& SdtmStudy::ex_treatments(const std::string& subject) const {
    static const std::vector<std::string> kNone;
    auto it = ex_treatments_.find(subject);
    return it == ex_treatments_.end() ? kNone : it->second;
}

bool SdtmStudy::is_anchor_treatment(std::string_view treatment) const {
    if (options_.day0.empty()) return mapping_.is_day0_treatment(std::string(treatment));
    if (iequals(options_.day0, "RFXSTDTC")) return false;
    return iequals(trim(options_.day0), treatment);
}

void SdtmStudy::set_anchor(const std::string& subject, const IsoDateTime& date) {
    anchors_[subject] = date.days;
    if (date.offset) {
        anchor_offsets_[subject] = *date.offset;
    } else {
        anchor_offsets_.erase(subject);
    }
}

void SdtmStudy::compute_anchors() {
    const bool from_dm = iequals(options_.day0, "RFXSTDTC");
    for (const auto& table : tables_) {
        const int subject = table.column("USUBJID");
        if (table.domain == "DM") {
            const int arm = table.column("ARMCD");
            const int actual_arm = table.column("ACTARMCD");
            const int rfx = table.column("RFXSTDTC");
            for (SdtmRows rows(table); rows.next();) {
                const SdtmTable::Row& row = rows.row();
                const std::string id(table.get(row, subject));
                if (mapping_.is_screen_failure_arm(std::string(table.get(row, arm))) ||
                    mapping_.is_screen_failure_arm(std::string(table.get(row, actual_arm)))) {
                    screen_failures_.insert(id);
                }
                std::string error;
                const std::string_view written = table.get(row, rfx);
                auto date = parse_iso_datetime(written, error);
                if (from_dm && date && !date->partial) {
                    set_anchor(id, *date);
                } else if (from_dm && !written.empty()) {
                    unusable_day0_[id] = "'" + display_value(written) + "', " +
                                         (date ? std::string("a partial date") : error);
                }
            }
        } else if (table.domain == "EX") {
            const int treatment = table.column("EXTRT");
            const int start = table.column("EXSTDTC");
            for (SdtmRows rows(table); rows.next();) {
                const SdtmTable::Row& row = rows.row();
                auto& seen = ex_treatments_[std::string(table.get(row, subject))];
                const std::string name(table.get(row, treatment));
                if (!name.empty() && std::find(seen.begin(), seen.end(), name) == seen.end())
                    seen.push_back(name);
                if (from_dm) continue;
                if (!is_anchor_treatment(table.get(row, treatment))) continue;
                std::string error;
                auto date = parse_iso_datetime(table.get(row, start), error);
                if (!date || date->partial) continue;  // that EX row itself reports the error
                const std::string id(table.get(row, subject));
                auto it = anchors_.find(id);
                if (it == anchors_.end() || date->days < it->second) set_anchor(id, *date);
            }
        }
    }
}

const BodySizeFacts& SdtmStudy::body_size() const {
    std::lock_guard lock(body_size_mu_);
    if (!body_size_known_) {
        collect_body_size();
        body_size_known_ = true;
    }
    return body_size_;
}

const SdtmTable* SdtmStudy::only_vs_table() const {
    const SdtmTable* found = nullptr;
    for (const auto& table : tables_) {
        if (table.domain != "VS") continue;
        if (found != nullptr) return nullptr;
        found = &table;
    }
    return found;
}

bool SdtmStudy::wants_body_size(const SdtmTable& table) const {
    std::lock_guard lock(body_size_mu_);
    return !body_size_known_ && only_vs_table() == &table;
}

void SdtmStudy::offer_body_size(const SdtmTable& table, BodySizeFacts facts) const {
    std::lock_guard lock(body_size_mu_);
    if (body_size_known_ || only_vs_table() != &table) return;
    body_size_ = std::move(facts);
    body_size_known_ = true;
}

void SdtmStudy::collect_body_size() const {
    // Weights (VS WEIGHT) and body surface areas feed mg/kg and mg/m2 doses in other domains.
    for (const auto& table : tables_) {
        if (table.domain != "VS") continue;
        DecodeOptions options;
        SdtmDecoder decoder(*this, table, options, /*collecting=*/true);
        DecodedRow row;
        while (decoder.next(row)) {
            if (!row.errors.empty()) continue;
            for (const auto& event : row.events)
                body_size_.observe(event);
        }
    }
}

void SdtmStudy::collect_fatal_crs() {
    for (const auto& table : tables_) {
        if (table.domain != "AE") continue;
        const int subject = table.column("USUBJID");
        const int decod = table.column("AEDECOD");
        const int term = table.column("AETERM");
        const int outcome = table.column("AEOUT");
        const int death = table.column("AESDTH");
        const int grade = table.column("AETOXGR");
        const int end = table.column("AEENDTC");
        const int start = table.column("AESTDTC");
        for (SdtmRows rows(table); rows.next();) {
            const SdtmTable::Row& row = rows.row();
            std::string_view name = table.get(row, decod);
            if (name.empty()) name = table.get(row, term);
            const auto cause = mapping_.death_cause(name);
            if (!cause || cause->cause != "crs" || !cause->doubt.empty()) continue;
            const bool fatal = iequals(table.get(row, outcome), "FATAL") ||
                               iequals(table.get(row, death), "Y") ||
                               parse_number(table.get(row, grade)) == std::optional<double>(5);
            if (!fatal) continue;
            std::string error;
            auto date = parse_iso_datetime(table.get(row, end), error);
            if (!date || date->partial) date = parse_iso_datetime(table.get(row, start), error);
            if (!date || date->partial) continue;
            fatal_crs_.emplace(std::string(table.get(row, subject)), date->days);
        }
    }
}

std::vector<StudyTerm> SdtmStudy::unmapped_terms() const {
    std::vector<StudyTerm> terms;
    std::map<std::string, size_t> index;  // section, variable and folded term -> terms
    auto note = [&](const std::string& section, const char* variable, std::string_view term,
                    const SdtmTable& table, const SdtmTable::Row& row) {
        if (term.empty()) return;
        const std::string key = section + '\0' + variable + '\0' + fold_term(term);
        auto [it, added] = index.emplace(key, terms.size());
        if (added) terms.push_back({section, variable, std::string(term), 0, table.path, row.line});
        ++terms[it->second].rows;
    };
    for (const auto& table : tables_) {
        const std::string& domain = table.domain;
        if (domain == "DM") continue;
        for (SdtmRows rows(table); rows.next();) {
            const SdtmTable::Row& row = rows.row();
            auto get = [&](const char* variable) { return table.get(row, table.column(variable)); };
            const char* variable =
                domain == "VS"   ? "VSTESTCD"
                : domain == "LB" ? "LBTESTCD"
                : domain == "EX" ? "EXTRT"
                : domain == "CM" ? "CMTRT"
                : domain == "PR" ? "PRTRT"
                : domain == "AE" ? (get("AEDECOD").empty() ? "AETERM" : "AEDECOD")
                : domain == "RS" ? (get("RSSTRESC").empty() ? "RSORRES" : "RSSTRESC")
                                 : "DSDECOD";
            const std::string_view term = get(variable);
            const SdtmTarget* target = mapping_.find(domain, std::string(term));
            if (!target) {
                if (domain == "AE" && mapping_.is_infection(get("AESOC"), get("AECAT"), term)) {
                    continue;
                }
                note(domain, variable, term, table, row);
            } else if (domain == "DS" && target->kind == store::EventKind::kDeath &&
                       target->code.empty() && !mapping_.death_cause(get("DSTERM")) &&
                       !mapping_.death_cause(get("DSDECOD"))) {
                std::string error;  // a fatal CRS adverse event that day gives the cause
                auto date = parse_iso_datetime(get("DSSTDTC"), error);
                if (date && fatal_crs_on(std::string(get("USUBJID")), date->days)) continue;
                note("death_causes", "DSTERM", get("DSTERM"), table, row);
            }
        }
    }
    return terms;
}

store::Result<std::unique_ptr<RowDecoder>> SdtmStudy::make_decoder(
    const std::string& path, const DecodeOptions& options) const {
    for (const auto& table : tables_) {
        if (table.path == path) {
            return std::unique_ptr<RowDecoder>(
                std::make_unique<SdtmDecoder>(*this, table, options, false));
        }
    }
    return store::Status::not_found(path + ": not part of this SDTM study");
}

}  // namespace dayzero::importers
