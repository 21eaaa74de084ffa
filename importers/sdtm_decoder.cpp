// Outcomes per messy-SDTM case are listed in docs/IMPORT.md; each branch below names its case.
#include "importers/sdtm_decoder.h"

#include "importers/event_rules.h"
#include "importers/iso_date.h"
#include "importers/sdtm_study.h"
#include "importers/text_util.h"

namespace dayzero::importers {
namespace {

using store::EventKind;
using Row = SdtmTable::Row;

std::string var(std::string_view prefix, std::string_view suffix) {
    return std::string(prefix) + std::string(suffix);
}

// AEDECOD "Upper respiratory tract infection" → "upper_respiratory_tract_infection".
std::string site_code(std::string_view term) {
    std::string out;
    for (char c : to_lower(term)) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum) {
            out += c;
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

}  // namespace

SdtmDecoder::SdtmDecoder(const SdtmStudy& study, const SdtmTable& table,
                         const DecodeOptions& options, bool collecting)
    : study_(study),
      table_(table),
      rows_(table),
      options_(options),
      resolver_(options_),
      collecting_(collecting) {
    // Weights come from the whole study (VS), gathered before any file is decoded.
    options_.known_body_size = &study_.body_size();
    if (table_.domain != "PR") return;
    const int subject = table_.column("USUBJID");
    const int treatment = table_.column("PRTRT");
    const int start = table_.column("PRSTDTC");
    for (SdtmRows rows(table_); rows.next();) {
        const Row& row = rows.row();
        const SdtmTarget* target =
            study_.mapping().find("PR", std::string(table_.get(row, treatment)));
        const std::string id(table_.get(row, subject));
        auto anchor = study_.anchor(id);
        std::string error;
        auto date = parse_iso_datetime(table_.get(row, start), error);
        if (!target || !anchor || !date || date->partial) continue;
        oxygen_starts_.emplace(id, date->days - *anchor, date->minute ? *date->minute : -1);
    }
}

const std::vector<std::string>& SdtmDecoder::header() const {
    return table_.header;
}

bool SdtmDecoder::file_failed() const {
    return !table_.problems.empty() || rows_.failure().has_value();
}

uint64_t SdtmDecoder::bytes_consumed() const {
    return rows_.bytes_consumed();
}

uint64_t SdtmDecoder::total_bytes() const {
    return rows_.total_bytes();
}

std::vector<ImportProblem> SdtmDecoder::finish() {
    std::vector<ImportProblem> problems = table_.problems;
    if (auto failure = rows_.failure()) problems.push_back(std::move(*failure));
    for (auto& problem : resolver_.finish())
        problems.push_back(std::move(problem));
    return problems;
}

bool SdtmDecoder::next(DecodedRow& row) {
    row.clear();
    if (!table_.problems.empty()) return false;
    while (rows_.next()) {
        const Row& source = rows_.row();
        bool blank = true;
        for (const auto& field : source.fields)
            blank = blank && trim(field).empty();
        if (blank) continue;
        current_ = &source;
        row.line = source.line;
        for (const auto& field : source.fields)
            row.fields.emplace_back(field);
        decode(row);
        return true;
    }
    return false;
}

std::string_view SdtmDecoder::get(const char* variable) const {
    return table_.get(*static_cast<const Row*>(current_), table_.column(variable));
}

void SdtmDecoder::add(std::vector<ImportProblem>& into, const char* variable, std::string message) {
    const int column = table_.column(variable);
    // A variable the file lacks is still named, with the cause: the column is not there.
    if (column < 0) message += std::string(" (the file has no ") + variable + " column)";
    into.push_back(make_problem(table_.path, static_cast<const Row*>(current_)->line,
                                static_cast<uint32_t>(column + 1), variable, std::move(message),
                                get(variable)));
}

void SdtmDecoder::add_unmapped(DecodedRow& row, const char* variable) {
    add(row.errors, variable,
        "term not in the mapping (add it to a copy of the mapping with its target, or "
        "\"skip\")");
    row.errors.back().unmapped = true;
}

void SdtmDecoder::decode(DecodedRow& row) {
    const Row& source = *static_cast<const Row*>(current_);
    if (source.fields.size() < table_.header.size()) {
        row.errors.push_back(
            make_problem(table_.path, source.line, static_cast<uint32_t>(source.fields.size()), "",
                         "row has " + std::to_string(source.fields.size()) +
                             " fields, the header has " + std::to_string(table_.header.size()),
                         ""));
        return;
    }
    subject_ = std::string(get("USUBJID"));
    if (subject_.empty()) return add(row.errors, "USUBJID", "USUBJID is missing");
    if (!is_valid_utf8(subject_)) return add(row.errors, "USUBJID", "USUBJID is not valid UTF-8");
    const std::string& domain = table_.domain;
    if (domain == "DM") return decode_dm(row);
    if (domain == "VS" || domain == "LB") return decode_finding(row, domain.c_str());
    if (domain == "EX") return decode_ex(row);
    if (domain == "CM") return decode_cm(row);
    if (domain == "PR") return decode_pr(row);
    if (domain == "AE") return decode_ae(row);
    decode_rs_ds(row, domain == "DS");
}

bool SdtmDecoder::has_anchor(DecodedRow& row) {
    if (study_.anchor(subject_)) return true;
    // Screen failures were never infused: all their rows are skipped, each with a warning.
    if (study_.is_screen_failure(subject_)) {
        add(row.warnings, "USUBJID", "screen failure (no infusion): row skipped");
        row.skipped = true;
        return false;
    }
    const std::string& rule = study_.options().day0;
    std::string message = "subject '" + subject_ + "' has no day-0 anchor (" +
                          (rule.empty() ? std::string("no EX record of a CAR-T product")
                           : iequals(rule, "RFXSTDTC") ? std::string("DM.RFXSTDTC is empty")
                                                       : "no EX record of '" + rule + "'") +
                          ")";
    const auto& treatments = study_.ex_treatments(subject_);
    if (treatments.empty()) {
        message += "; it has no EX records (--day0 RFXSTDTC anchors on DM.RFXSTDTC)";
    } else {
        message += "; its EX treatments:";
        for (const auto& name : treatments)
            message += " '" + name + "'";
        // Suggest a treatment the mapping does not call a drug dose: likely the product.
        std::string suggested = treatments.front();
        for (const auto& name : treatments) {
            const SdtmTarget* mapped = study_.mapping().find("EX", name);
            if (!mapped || mapped->kind == EventKind::kInfusion) {
                suggested = name;
                break;
            }
        }
        message += " (--day0 '" + suggested +
                   "' anchors day 0 on that treatment's first dose; a CAR-T product belongs in "
                   "the mapping's day0_treatments)";
    }
    add(row.errors, "USUBJID", message);
    return false;
}

std::optional<SdtmDecoder::When> SdtmDecoder::when(DecodedRow& row, const char* variable,
                                                   DateRule rule) {
    if (!study_.anchor(subject_) && study_.is_screen_failure(subject_)) {
        has_anchor(row);
        return std::nullopt;
    }
    std::string_view text = get(variable);
    std::string error;
    auto date = parse_iso_datetime(text, error);
    if (text.empty() || (date && date->partial)) {
        std::string what = text.empty() ? std::string(variable) + " is empty"
                                        : std::string("partial date in ") + variable;
        if (rule == DateRule::kErrorIfPartial) {
            add(row.errors, variable, what + ": the day post-infusion cannot be computed");
        } else if (rule == DateRule::kSkipIfPartial) {
            add(row.warnings, variable, what + ": the day cannot be computed; row skipped");
            row.skipped = true;
        } else if (!text.empty()) {
            add(row.warnings, variable, what + ": the day cannot be computed; not imported");
        }
        return std::nullopt;
    }
    if (!date) {
        add(row.errors, variable, error);
        return std::nullopt;
    }
    if (!has_anchor(row)) return std::nullopt;
    const int64_t anchor = *study_.anchor(subject_);
    const int64_t day = date->days - anchor;
    std::string message;
    if (!check_day(day, options_.allow_any_day, message)) {
        add(row.errors, variable, message);
        return std::nullopt;
    }
    return When{static_cast<int32_t>(day), date->minute};
}

bool SdtmDecoder::emit(DecodedRow& row, EventKind kind, const std::string& code,
                       std::string_view value, std::string_view unit, const When& at,
                       const char* value_variable, const char* unit_variable) {
    store::Event event;
    event.patient_id = subject_;
    event.day = at.day;
    event.minute = at.minute;
    event.source_line = static_cast<uint32_t>(row.line);
    std::string clean_value;
    if (!is_valid_utf8(value)) {  // non-UTF-8 text: bytes replaced, counted warning
        clean_value = sanitize_utf8(value);
        add(row.warnings, value_variable, "not valid UTF-8: bad bytes replaced");
        value = clean_value;
    }
    RuleOutcome outcome = normalise_observation(RawObservation{kind, code, value, unit}, event,
                                                options_.unknown_analytes);
    if (!outcome.ok) {
        const char* blamed =
            outcome.part == ObservationPart::kUnit ? unit_variable : value_variable;
        add(row.errors, blamed, outcome.message);
        return false;
    }
    if (!outcome.warning.empty()) add(row.warnings, value_variable, outcome.warning);
    if (!outcome.per_attribute.empty() && !collecting_) {
        const int column = table_.column(unit_variable);
        resolver_.resolve(event, outcome.per_attribute, row,
                          make_problem(table_.path, row.line, static_cast<uint32_t>(column + 1),
                                       unit_variable, "", unit));
    }
    row.value_columns.push_back(static_cast<uint32_t>(table_.column(value_variable) + 1));
    row.events.push_back(std::move(event));
    return true;
}

const SdtmTarget* SdtmDecoder::target(DecodedRow& row, const char* variable) {
    std::string_view key = get(variable);
    if (key.empty()) {
        add(row.errors, variable, std::string(variable) + " is empty");
        return nullptr;
    }
    const SdtmTarget* found = study_.mapping().find(table_.domain, std::string(key));
    if (!found) {
        add_unmapped(row, variable);
        return nullptr;
    }
    if (found->action == SdtmTarget::Action::kSkip) {
        row.skipped = row.skipped_by_mapping = true;
        return nullptr;
    }
    return found;
}

void SdtmDecoder::decode_dm(DecodedRow& row) {
    std::optional<When> at;
    for (size_t c = 0; c < table_.header.size() && row.errors.empty(); ++c) {
        const std::string& name = table_.header[c];
        const SdtmTarget* target = study_.mapping().find("DM", name);
        if (!target || target->action != SdtmTarget::Action::kEvent) continue;
        std::string_view value = get(name.c_str());
        if (value.empty()) continue;
        if (!at) {
            // Baseline attributes are recorded on day 0 (untimed) for infused subjects.
            if (!has_anchor(row)) return;
            at = When{0, std::nullopt};
        }
        std::string_view unit = iequals(name, "AGE") ? get("AGEU") : std::string_view();
        emit(row, target->kind, target->code, value, unit, *at, name.c_str(), "AGEU");
    }
    if (row.events.empty() && row.errors.empty()) row.skipped = row.skipped_by_mapping = true;
}

void SdtmDecoder::decode_finding(DecodedRow& row, const char* prefix) {
    const std::string testcd = var(prefix, "TESTCD");
    const SdtmTarget* target = this->target(row, testcd.c_str());
    if (!target) return;
    if (iequals(get(var(prefix, "STAT").c_str()), "NOT DONE")) {
        add(row.warnings, var(prefix, "STAT").c_str(), "NOT DONE: no result; row skipped");
        row.skipped = true;
        return;
    }
    // The standardised result first; zero-padded text ("099.9") parses as a number.
    std::string value_variable = var(prefix, "STRESN");
    std::string unit_variable = var(prefix, "STRESU");
    if (get(value_variable.c_str()).empty()) value_variable = var(prefix, "STRESC");
    if (get(value_variable.c_str()).empty()) {
        value_variable = var(prefix, "ORRES");
        unit_variable = var(prefix, "ORRESU");
    }
    if (get(unit_variable.c_str()).empty()) unit_variable = var(prefix, "ORRESU");
    if (get(value_variable.c_str()).empty()) {
        add(row.errors, value_variable.c_str(),
            "no result, and " + var(prefix, "STAT") + " is not NOT DONE");
        return;
    }
    auto at = when(row, var(prefix, "DTC").c_str(), DateRule::kSkipIfPartial);
    if (!at) return;
    emit(row, target->kind, target->code, get(value_variable.c_str()), get(unit_variable.c_str()),
         *at, value_variable.c_str(), unit_variable.c_str());
}

void SdtmDecoder::decode_ex(DecodedRow& row) {
    const SdtmTarget* target = this->target(row, "EXTRT");
    if (!target) return;
    // The day-0 record itself must have a full date: a partial one is an error, never a guess.
    const bool anchor = study_.is_anchor_treatment(get("EXTRT"));
    auto at = when(row, "EXSTDTC", anchor ? DateRule::kErrorIfPartial : DateRule::kSkipIfPartial);
    if (!at) return;
    emit(row, target->kind, target->code, get("EXDOSE"), get("EXDOSU"), *at, "EXDOSE", "EXDOSU");
}

void SdtmDecoder::decode_cm(DecodedRow& row) {
    const SdtmTarget* target = this->target(row, "CMTRT");
    if (!target) return;
    auto at = when(row, "CMSTDTC", DateRule::kSkipIfPartial);
    if (!at) return;
    if (target->action != SdtmTarget::Action::kVasopressor) {
        emit(row, target->kind, target->code, get("CMDOSE"), get("CMDOSU"), *at, "CMDOSE",
             "CMDOSU");
        return;
    }
    if (!emit(row, EventKind::kVasopressorStart, target->code, get("CMDOSE"), get("CMDOSU"), *at,
              "CMDOSE", "CMDOSU")) {
        return;
    }
    // No end date: still running (until the end of the grading window).
    if (get("CMENDTC").empty()) return;
    if (auto end = when(row, "CMENDTC", DateRule::kOptional)) {
        emit(row, EventKind::kVasopressorStop, target->code, "", "", *end, "CMENDTC", "CMENDTC");
    }
}

void SdtmDecoder::decode_pr(DecodedRow& row) {
    const SdtmTarget* target = this->target(row, "PRTRT");
    if (!target) return;
    auto at = when(row, "PRSTDTC", DateRule::kSkipIfPartial);
    if (!at) return;
    if (!emit(row, target->kind, target->code, get("PRDOSE"), get("PRDOSU"), *at, "PRDOSE",
              "PRDOSU") ||
        target->kind != EventKind::kOxygen || get("PRENDTC").empty()) {
        return;
    }
    // Support ended: back to room air, unless another device starts at that very moment.
    if (auto end = when(row, "PRENDTC", DateRule::kOptional)) {
        const int minute = end->minute ? *end->minute : -1;
        if (oxygen_starts_.count({subject_, end->day, minute}) == 0) {
            emit(row, EventKind::kOxygen, "room_air", "", "", *end, "PRENDTC", "PRENDTC");
        }
    }
}

void SdtmDecoder::decode_ae(DecodedRow& row) {
    const char* term = get("AEDECOD").empty() ? "AETERM" : "AEDECOD";
    const SdtmTarget* target = study_.mapping().find("AE", std::string(get(term)));
    const bool infection =
        !target && study_.mapping().is_infection(get("AESOC"), get("AECAT"), get(term));
    if (!target && !infection) return add_unmapped(row, term);
    if (target && target->action == SdtmTarget::Action::kSkip) {
        row.skipped = row.skipped_by_mapping = true;  // CRS: dayzero derives it
        return;
    }
    auto at = when(row, "AESTDTC", DateRule::kSkipIfPartial);
    if (!at) return;
    if (infection) {
        emit(row, EventKind::kInfection, site_code(get(term)), get("AETOXGR"), "", *at, "AETOXGR",
             "AETOXGR");
    } else {
        emit(row, target->kind, target->code, get("AETOXGR"), "", *at, "AETOXGR", "AETOXGR");
    }
}

std::string SdtmDecoder::death_cause(DecodedRow& row, const When& at) {
    // The cause as written inside DSTERM (or DSDECOD), else a fatal CRS AE on the death date.
    for (const char* variable : {"DSTERM", "DSDECOD"}) {
        if (auto cause = study_.mapping().death_cause(get(variable))) return *cause;
    }
    if (study_.fatal_crs_on(subject_, *study_.anchor(subject_) + at.day)) return "crs";
    const char* named = get("DSTERM").empty() ? "DSDECOD" : "DSTERM";
    add(row.warnings, named,
        "cause of death not in the mapping's death_causes (nor a fatal CRS adverse event that "
        "day): imported as 'other'");
    return "other";
}

void SdtmDecoder::decode_rs_ds(DecodedRow& row, bool disposition) {
    const char* key = disposition ? "DSDECOD" : (get("RSSTRESC").empty() ? "RSORRES" : "RSSTRESC");
    const SdtmTarget* target = this->target(row, key);
    if (!target) return;
    if (target->action != SdtmTarget::Action::kEvent) {
        row.skipped = row.skipped_by_mapping = true;
        return;
    }
    // Survival endpoints need an exact day: a partial DS date is an error.
    auto at = when(row, disposition ? "DSSTDTC" : "RSDTC",
                   disposition ? DateRule::kErrorIfPartial : DateRule::kSkipIfPartial);
    if (!at) return;
    std::string code = target->code;
    if (target->kind == EventKind::kDeath && code.empty()) code = death_cause(row, *at);
    emit(row, target->kind, code, "", "", *at, key, key);
}

}  // namespace dayzero::importers
