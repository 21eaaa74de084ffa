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

// Mapping targets remembered per decoder; a hostile file of endless distinct terms stops adding.
constexpr size_t kMaxRememberedTargets = 4096;

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

// A lab result written as a limit ("<5", ">=5000").
bool is_censored(std::string_view text) {
    text = trim(text);
    return !text.empty() && (text[0] == '<' || text[0] == '>');
}

// A result's censoring sign ("<", ">=", "" when none) and the rest ("<=5" -> "<=", "5").
std::pair<std::string_view, std::string_view> split_censoring(std::string_view text) {
    text = trim(text);
    size_t sign = is_censored(text) ? 1 : 0;
    if (sign == 1 && text.size() > 1 && text[1] == '=') sign = 2;
    return {text.substr(0, sign), trim(text.substr(sign))};
}

// Whether two results are one quantity: the same censoring and the same number (099.9 and 99.9),
// or, when either is not a number, the same text.
bool same_result(std::string_view a, std::string_view b) {
    const auto [sign_a, rest_a] = split_censoring(a);
    const auto [sign_b, rest_b] = split_censoring(b);
    if (sign_a != sign_b) return false;
    const auto number_a = parse_number(rest_a);
    const auto number_b = parse_number(rest_b);
    if (number_a && number_b) return *number_a == *number_b;
    return !number_a && !number_b && iequals(rest_a, rest_b);
}

}  // namespace

SdtmDecoder::SdtmDecoder(const SdtmStudy& study, const SdtmTable& table,
                         const DecodeOptions& options, bool collecting)
    : study_(study),
      table_(table),
      rows_(table),
      options_(options),
      resolver_(options_),
      collecting_(collecting),
      normaliser_(options.unknown_analytes) {
    // Weights come from the whole study (VS), not from this file or the caller: the study's are
    // asked for at the first per-body-size dose (emit), when a streamed VS may have given them.
    options_.known_body_size = nullptr;
    // A gathering decoder is made while the study holds its body-size lock: it must not ask.
    offering_ = !collecting_ && !options_.allow_any_day && study_.wants_body_size(table_);
    // Each variable's column is found once here, not on every row.
    const std::string& domain = table_.domain;
    domain_ = domain == "DM"                     ? Domain::kDm
              : domain == "VS" || domain == "LB" ? Domain::kFinding
              : domain == "EX"                   ? Domain::kEx
              : domain == "CM"                   ? Domain::kCm
              : domain == "PR"                   ? Domain::kPr
              : domain == "AE"                   ? Domain::kAe
              : domain == "DS"                   ? Domain::kDs
                                                 : Domain::kOther;
    vars_.subject = var("USUBJID");
    if (domain == "VS" || domain == "LB") {
        vars_.testcd = var(domain + "TESTCD");
        vars_.stat = var(domain + "STAT");
        vars_.stresn = var(domain + "STRESN");
        vars_.stresc = var(domain + "STRESC");
        vars_.orres = var(domain + "ORRES");
        vars_.stresu = var(domain + "STRESU");
        vars_.orresu = var(domain + "ORRESU");
        vars_.dtc = var(domain + "DTC");
        if (domain == "LB") vars_.spec = var("LBSPEC");
    } else if (domain == "DM") {
        vars_.ageu = var("AGEU");
        dm_targets_.resize(table_.header.size(), nullptr);
        for (size_t c = 0; c < table_.header.size(); ++c) {
            const SdtmTarget* target = study_.mapping().find("DM", table_.header[c]);
            if (target && target->action == SdtmTarget::Action::kEvent) dm_targets_[c] = target;
        }
    } else if (domain == "EX" || domain == "CM" || domain == "PR") {
        vars_.treatment = var(domain + "TRT");
        vars_.start = var(domain + "STDTC");
        vars_.end = var(domain + "ENDTC");
        vars_.dose = var(domain + "DOSE");
        vars_.dose_unit = var(domain + "DOSU");
    } else if (domain == "AE") {
        vars_.decod = var("AEDECOD");
        vars_.term = var("AETERM");
        vars_.soc = var("AESOC");
        vars_.category = var("AECAT");
        vars_.start = var("AESTDTC");
        vars_.grade = var("AETOXGR");
    } else if (domain == "RS") {
        vars_.result = var("RSSTRESC");
        vars_.original_result = var("RSORRES");
        vars_.date = var("RSDTC");
    } else if (domain == "DS") {
        vars_.decod = var("DSDECOD");
        vars_.term = var("DSTERM");
        vars_.date = var("DSSTDTC");
    }
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
        if (is_blank_record(source.fields)) continue;
        current_ = &source;
        row.line = source.line;
        row.fields.assign(source.fields.begin(), source.fields.end());
        const size_t before = sink_ != nullptr ? sink_->size() : 0;
        decode(row);
        if (offering_ && row.errors.empty()) {
            const std::vector<store::Event>& events = sink_ != nullptr ? *sink_ : row.events;
            for (size_t i = sink_ != nullptr ? before : 0; i < events.size(); ++i)
                offered_.observe(events[i]);
        }
        return true;
    }
    if (offering_) {  // the whole file was read: what it holds is the study's
        offering_ = false;
        if (!rows_.failure()) study_.offer_body_size(table_, std::move(offered_));
    }
    return false;
}

SdtmDecoder::Var SdtmDecoder::var(std::string name) const {
    Var v;
    v.column = table_.column(name);
    v.name = std::move(name);
    return v;
}

bool SdtmDecoder::next_into(DecodedRow& row, std::vector<store::Event>& out) {
    return next_into_sink(sink_, out, row, [this](DecodedRow& r) { return next(r); });
}

std::string_view SdtmDecoder::get(const Var& variable) const {
    return table_.get(*static_cast<const Row*>(current_), variable.column);
}

void SdtmDecoder::add(std::vector<ImportProblem>& into, const Var& variable, std::string message) {
    // A variable the file lacks is still named, with the cause: the column is not there.
    if (variable.column < 0) message += " (the file has no " + variable.name + " column)";
    into.push_back(make_problem(table_.path, static_cast<const Row*>(current_)->line,
                                static_cast<uint32_t>(variable.column + 1), variable.name,
                                std::move(message), get(variable)));
}

void SdtmDecoder::add_unmapped(DecodedRow& row, const Var& variable) {
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
    const std::string_view subject = get(vars_.subject);
    if (!subject_set_ || subject != subject_) {
        subject_set_ = true;
        subject_.assign(subject);
        subject_problem_ = subject_.empty() ? "" : patient_id_problem(subject_, "USUBJID");
        anchor_ = study_.anchor(subject_);
        anchor_offset_ = study_.anchor_offset(subject_);
        screen_failure_ = study_.is_screen_failure(subject_);
    }
    if (subject_.empty()) return add(row.errors, vars_.subject, "USUBJID is missing");
    if (!subject_problem_.empty()) return add(row.errors, vars_.subject, subject_problem_);
    switch (domain_) {
        case Domain::kDm:
            return decode_dm(row);
        case Domain::kFinding:
            return decode_finding(row);
        case Domain::kEx:
            return decode_ex(row);
        case Domain::kCm:
            return decode_cm(row);
        case Domain::kPr:
            return decode_pr(row);
        case Domain::kAe:
            return decode_ae(row);
        case Domain::kDs:
        case Domain::kOther:
            return decode_rs_ds(row, domain_ == Domain::kDs);
    }
}

bool SdtmDecoder::has_anchor(DecodedRow& row) {
    if (anchor_) return true;
    // Screen failures were never infused: all their rows are skipped, each with a warning.
    if (screen_failure_) {
        add(row.warnings, vars_.subject, "screen failure (no infusion): row skipped");
        row.skipped = true;
        return false;
    }
    const std::string& rule = study_.options().day0;
    std::string message =
        "subject '" + subject_ + "' has no day-0 anchor (" +
        (rule.empty()                ? std::string("no EX record of a CAR-T product")
         : iequals(rule, "RFXSTDTC") ? (study_.unusable_day0(subject_).empty()
                                            ? std::string("DM.RFXSTDTC is empty")
                                            : "DM.RFXSTDTC is " + study_.unusable_day0(subject_))
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
    add(row.errors, vars_.subject, message);
    return false;
}

std::optional<SdtmDecoder::When> SdtmDecoder::when(DecodedRow& row, const Var& variable,
                                                   DateRule rule) {
    if (!anchor_ && screen_failure_) {
        has_anchor(row);
        return std::nullopt;
    }
    std::string_view text = get(variable);
    std::string error;
    auto date = parse_iso_datetime(text, error);
    if (text.empty() || (date && date->partial)) {
        std::string what =
            text.empty() ? variable.name + " is empty" : "partial date in " + variable.name;
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
    // Days are calendar dates minus day 0's, both as written: that holds only in one time zone.
    // A date-time at another offset than day 0's (or with one where day 0 has none, or none
    // where it has one) could fall on another day there; it is refused, never shifted by guess.
    if ((date->minute || date->offset) && date->offset != anchor_offset_) {
        const auto describe = [](const std::optional<int16_t>& offset) {
            return offset ? "the time-zone offset " + offset_text(*offset)
                          : std::string("no time-zone offset");
        };
        add(row.errors, variable,
            variable.name + " has " + describe(date->offset) + " but the day-0 date of subject '" +
                subject_ + "' has " + describe(anchor_offset_) +
                ": the day post-infusion cannot be computed across time zones (write the "
                "study's date-times with one offset)");
        return std::nullopt;
    }
    const int64_t day = date->days - *anchor_;
    std::string message;
    if (!check_day(day, options_.allow_any_day, message)) {
        add(row.errors, variable, message);
        return std::nullopt;
    }
    return When{static_cast<int32_t>(day), date->minute};
}

std::optional<SdtmDecoder::When> SdtmDecoder::end_after(DecodedRow& row, const When& start) {
    auto end = when(row, vars_.end, DateRule::kOptional);
    if (!end) return std::nullopt;
    // A date without a time is not before a time of the same day.
    const bool before = end->day < start.day || (end->day == start.day && end->minute &&
                                                 start.minute && *end->minute < *start.minute);
    if (!before) return end;
    add(row.errors, vars_.end,
        vars_.end.name + " '" + std::string(get(vars_.end)) + "' is before " + vars_.start.name +
            " '" + std::string(get(vars_.start)) + "': an end cannot precede its start");
    return std::nullopt;
}

bool SdtmDecoder::emit(DecodedRow& row, EventKind kind, const std::string& code,
                       std::string_view value, std::string_view unit, const When& at,
                       const Var& value_variable, const Var& unit_variable) {
    // Built where it stays (next_into's vector, else the row's): events are not small to move.
    std::vector<store::Event>& events = sink_ != nullptr ? *sink_ : row.events;
    store::Event& event = events.emplace_back();
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
    RuleOutcome outcome = normaliser_.normalise(RawObservation{kind, code, value, unit}, event);
    if (!outcome.ok) {
        const Var& blamed = outcome.part == ObservationPart::kUnit ? unit_variable : value_variable;
        add(row.errors, blamed, outcome.message);
        events.pop_back();
        return false;
    }
    if (!outcome.warning.empty()) add(row.warnings, value_variable, outcome.warning);
    if (!outcome.per_attribute.empty() && !collecting_) {
        if (options_.known_body_size == nullptr) options_.known_body_size = &study_.body_size();
        resolver_.resolve(
            event, outcome.per_attribute, row,
            make_problem(table_.path, row.line, static_cast<uint32_t>(unit_variable.column + 1),
                         unit_variable.name, "", unit));
    }
    row.value_columns.push_back(static_cast<uint32_t>(value_variable.column + 1));
    return true;
}

const SdtmTarget* SdtmDecoder::find_target(std::string_view key) {
    for (size_t i = 0; i < recent_used_; ++i) {
        if (recent_targets_[i].first == key) return recent_targets_[i].second;
    }
    const SdtmTarget* found = nullptr;
    if (auto known = targets_.find(key); known != targets_.end()) {
        found = known->second;
    } else {
        found = study_.mapping().find(table_.domain, std::string(key));
        if (targets_.size() < kMaxRememberedTargets) targets_.emplace(std::string(key), found);
    }
    recent_targets_[recent_next_] = {std::string(key), found};
    recent_next_ = (recent_next_ + 1) % recent_targets_.size();
    recent_used_ = std::min(recent_used_ + 1, recent_targets_.size());
    return found;
}

const SdtmTarget* SdtmDecoder::target(DecodedRow& row, const Var& variable) {
    std::string_view key = get(variable);
    if (key.empty()) {
        add(row.errors, variable, variable.name + " is empty");
        return nullptr;
    }
    const SdtmTarget* found = find_target(key);
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
    // DM holds one record per subject: a second one (another age or sex) would give the patient
    // two values of an attribute, and neither can be chosen.
    const auto [first, added] = dm_lines_.emplace(subject_, row.line);
    if (!added) {
        return add(row.errors, vars_.subject,
                   "subject '" + subject_ + "' has a second DM record (the first is at line " +
                       std::to_string(first->second) + "); DM holds one record per subject");
    }
    std::optional<When> at;
    Var column;
    size_t emitted = 0;
    for (size_t c = 0; c < dm_targets_.size() && row.errors.empty(); ++c) {
        const SdtmTarget* target = dm_targets_[c];
        if (target == nullptr) continue;
        const std::string& name = table_.header[c];
        column.name = name;
        column.column = table_.column(name);
        std::string_view value = get(column);
        if (value.empty()) continue;
        if (!at) {
            // Baseline attributes are recorded on day 0 (untimed) for infused subjects.
            if (!has_anchor(row)) return;
            at = When{0, std::nullopt};
        }
        std::string_view unit = iequals(name, "AGE") ? get(vars_.ageu) : std::string_view();
        if (emit(row, target->kind, target->code, value, unit, *at, column, vars_.ageu)) ++emitted;
    }
    if (emitted == 0 && row.errors.empty()) row.skipped = row.skipped_by_mapping = true;
}

namespace {

// LBSPEC terms (CDISC SPECTYPE) of blood and its parts, upper case.
bool is_blood_specimen(std::string_view specimen) {
    const std::string term = to_upper(trim(specimen));
    for (const char* blood :
         {"BLOOD", "WHOLE BLOOD", "SERUM", "PLASMA", "SERUM OR PLASMA", "VENOUS BLOOD",
          "ARTERIAL BLOOD", "CAPILLARY BLOOD", "PERIPHERAL BLOOD", "CORD BLOOD"}) {
        if (term == blood) return true;
    }
    return false;
}

}  // namespace

void SdtmDecoder::decode_finding(DecodedRow& row) {
    const SdtmTarget* target = this->target(row, vars_.testcd);
    if (!target) return;
    // Gathering weights and body surface areas, the study needs nothing of the other tests.
    if (collecting_ && target->kind != EventKind::kBaseline) return;
    if (iequals(get(vars_.stat), "NOT DONE")) {
        add(row.warnings, vars_.stat, "NOT DONE: no result; row skipped");
        row.skipped = true;
        return;
    }
    // The analytes are blood measurements: an IL-6 of the cerebrospinal fluid kept beside the
    // serum's would become the patient's peak.
    if (const std::string_view specimen = get(vars_.spec);
        !specimen.empty() && !is_blood_specimen(specimen)) {
        add(row.warnings, vars_.spec,
            "specimen is not blood (serum, plasma or whole blood); row skipped");
        row.skipped = true;
        return;
    }
    // The standardised result first; zero-padded text ("099.9") parses as a number. A censored
    // --STRESC ("<5") beside its limit in --STRESN is taken as written, so the censoring is kept.
    const Var* value_variable = &vars_.stresn;
    const Var* unit_variable = &vars_.stresu;
    if (get(*value_variable).empty() || is_censored(get(vars_.stresc))) {
        // The limit in --STRESN, when given, must be the censored --STRESC's: "<5" beside 50
        // says two results, and either could be the wrong one.
        const std::string_view limit = get(vars_.stresn);
        if (!limit.empty() && is_censored(get(vars_.stresc))) {
            if (parse_number(limit) != parse_number(split_censoring(get(vars_.stresc)).second)) {
                add(row.errors, vars_.stresn,
                    vars_.stresc.name + " '" + std::string(get(vars_.stresc)) + "' and " +
                        vars_.stresn.name + " " + std::string(limit) +
                        " disagree: " + vars_.stresn.name + " must be the limit of a censored " +
                        vars_.stresc.name);
                return;
            }
        }
        value_variable = &vars_.stresc;
    }
    if (get(*value_variable).empty()) {
        value_variable = &vars_.orres;
        unit_variable = &vars_.orresu;
    }
    if (get(*value_variable).empty()) {
        add(row.errors, *value_variable, "no result, and " + vars_.stat.name + " is not NOT DONE");
        return;
    }
    if (get(*unit_variable).empty() && !get(vars_.orresu).empty()) {
        // A standard result without its unit is in the original unit only when it is the
        // original result; otherwise it was converted (1.2 ng/mL → 1200 pg/mL) to a unit the
        // row does not say, and any guess could be a thousandfold wrong.
        if (unit_variable == &vars_.stresu &&
            !same_result(get(*value_variable), get(vars_.orres))) {
            add(row.errors, vars_.stresu,
                vars_.stresu.name + " is empty but the standard result " + value_variable->name +
                    " '" + std::string(get(*value_variable)) + "' differs from " +
                    vars_.orres.name + " '" + std::string(get(vars_.orres)) + "' (" +
                    std::string(get(vars_.orresu)) +
                    "): its unit is unknown; fill in the standard unit");
            return;
        }
        unit_variable = &vars_.orresu;
    }
    auto at = when(row, vars_.dtc, DateRule::kSkipIfPartial);
    if (!at) return;
    emit(row, target->kind, target->code, get(*value_variable), get(*unit_variable), *at,
         *value_variable, *unit_variable);
}

void SdtmDecoder::decode_ex(DecodedRow& row) {
    const SdtmTarget* target = this->target(row, vars_.treatment);
    if (!target) return;
    // The day-0 record itself must have a full date: a partial one is an error, never a guess.
    const bool anchor = study_.is_anchor_treatment(get(vars_.treatment));
    auto at = when(row, vars_.start, anchor ? DateRule::kErrorIfPartial : DateRule::kSkipIfPartial);
    if (!at) return;
    emit(row, target->kind, target->code, get(vars_.dose), get(vars_.dose_unit), *at, vars_.dose,
         vars_.dose_unit);
}

void SdtmDecoder::decode_cm(DecodedRow& row) {
    const SdtmTarget* target = this->target(row, vars_.treatment);
    if (!target) return;
    auto at = when(row, vars_.start, DateRule::kSkipIfPartial);
    if (!at) return;
    if (target->action != SdtmTarget::Action::kVasopressor) {
        emit(row, target->kind, target->code, get(vars_.dose), get(vars_.dose_unit), *at,
             vars_.dose, vars_.dose_unit);
        return;
    }
    if (!emit(row, EventKind::kVasopressorStart, target->code, get(vars_.dose),
              get(vars_.dose_unit), *at, vars_.dose, vars_.dose_unit)) {
        return;
    }
    // No end date: still running (until the end of the grading window).
    if (get(vars_.end).empty()) return;
    if (auto end = end_after(row, *at)) {
        emit(row, EventKind::kVasopressorStop, target->code, "", "", *end, vars_.end, vars_.end);
    }
}

void SdtmDecoder::decode_pr(DecodedRow& row) {
    const SdtmTarget* target = this->target(row, vars_.treatment);
    if (!target) return;
    auto at = when(row, vars_.start, DateRule::kSkipIfPartial);
    if (!at) return;
    if (!emit(row, target->kind, target->code, get(vars_.dose), get(vars_.dose_unit), *at,
              vars_.dose, vars_.dose_unit) ||
        target->kind != EventKind::kOxygen || get(vars_.end).empty()) {
        return;
    }
    // Support ended: back to room air, unless another device starts at that very moment.
    if (auto end = end_after(row, *at)) {
        const int minute = end->minute ? *end->minute : -1;
        if (oxygen_starts_.count({subject_, end->day, minute}) == 0) {
            emit(row, EventKind::kOxygen, "room_air", "", "", *end, vars_.end, vars_.end);
        }
    }
}

void SdtmDecoder::decode_ae(DecodedRow& row) {
    const Var& term = get(vars_.decod).empty() ? vars_.term : vars_.decod;
    const SdtmTarget* target = find_target(get(term));
    const bool infection =
        !target && study_.mapping().is_infection(get(vars_.soc), get(vars_.category), get(term));
    if (!target && !infection) return add_unmapped(row, term);
    if (target && target->action == SdtmTarget::Action::kSkip) {
        row.skipped = row.skipped_by_mapping = true;  // CRS: dayzero derives it
        return;
    }
    auto at = when(row, vars_.start, DateRule::kSkipIfPartial);
    if (!at) return;
    if (infection) {
        emit(row, EventKind::kInfection, site_code(get(term)), get(vars_.grade), "", *at,
             vars_.grade, vars_.grade);
    } else {
        emit(row, target->kind, target->code, get(vars_.grade), "", *at, vars_.grade, vars_.grade);
    }
}

std::string SdtmDecoder::death_cause(DecodedRow& row, const When& at) {
    // The cause as written inside DSTERM (or DSDECOD), else a fatal CRS AE on the death date.
    for (const Var* variable : {&vars_.term, &vars_.decod}) {
        auto cause = study_.mapping().death_cause(get(*variable));
        if (!cause) continue;
        // A guess at a cause feeds the competing-risks analyses: refused, never imported.
        if (!cause->doubt.empty()) {
            add(row.errors, *variable,
                "cannot tell the cause of death: " + cause->doubt +
                    "; add the whole term to the mapping's death_causes with its cause (crs, "
                    "infection, relapse or other)");
        }
        return cause->cause;
    }
    if (study_.fatal_crs_on(subject_, *anchor_ + at.day)) return "crs";
    const Var& named = get(vars_.term).empty() ? vars_.decod : vars_.term;
    add(row.warnings, named,
        "cause of death not in the mapping's death_causes (nor a fatal CRS adverse event that "
        "day): imported as 'other'");
    return "other";
}

void SdtmDecoder::decode_rs_ds(DecodedRow& row, bool disposition) {
    const Var& key = disposition                 ? vars_.decod
                     : get(vars_.result).empty() ? vars_.original_result
                                                 : vars_.result;
    const SdtmTarget* target = this->target(row, key);
    if (!target) return;
    if (target->action != SdtmTarget::Action::kEvent) {
        row.skipped = row.skipped_by_mapping = true;
        return;
    }
    // Survival endpoints need an exact day: a partial DS date is an error.
    auto at =
        when(row, vars_.date, disposition ? DateRule::kErrorIfPartial : DateRule::kSkipIfPartial);
    if (!at) return;
    std::string code = target->code;
    if (target->kind == EventKind::kDeath && code.empty()) code = death_cause(row, *at);
    emit(row, target->kind, code, "", "", *at, key, key);
}

}  // namespace dayzero::importers
