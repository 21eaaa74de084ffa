#include "generator/sdtm_writer.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "generator/long_csv_writer.h"
#include "generator/random_source.h"
#include "generator/sdtm_terms.h"
#include "text/csv_field.h"

namespace dayzero::generator {
namespace {

using store::EventKind;

constexpr std::array<const char*, 9> kDomainNames{"DM", "VS", "LB", "EX", "CM",
                                                  "PR", "AE", "RS", "DS"};
constexpr std::array<const char*, 9> kHeaders{
    "STUDYID,DOMAIN,USUBJID,SUBJID,RFSTDTC,RFXSTDTC,RFPENDTC,DTHDTC,DTHFL,SITEID,AGE,AGEU,SEX,"
    "ARMCD,ARM,ACTARMCD,ACTARM,COUNTRY,BLASTPCT,PRIORLN,ALLOSCT,HIGHRISK",
    "STUDYID,DOMAIN,USUBJID,VSSEQ,VSTESTCD,VSTEST,VSORRES,VSORRESU,VSSTRESC,VSSTRESN,VSSTRESU,"
    "VSSTAT,VSREASND,VSBLFL,VSDTC,VSDY",
    "STUDYID,DOMAIN,USUBJID,LBSEQ,LBTESTCD,LBTEST,LBSPEC,LBORRES,LBORRESU,LBSTRESC,LBSTRESN,"
    "LBSTRESU,LBSTAT,LBREASND,LBDTC,LBDY",
    "STUDYID,DOMAIN,USUBJID,EXSEQ,EXTRT,EXDOSE,EXDOSU,EXROUTE,EXSTDTC,EXENDTC,EXSTDY",
    "STUDYID,DOMAIN,USUBJID,CMSEQ,CMTRT,CMINDC,CMDOSE,CMDOSU,CMROUTE,CMSTDTC,CMENDTC",
    "STUDYID,DOMAIN,USUBJID,PRSEQ,PRTRT,PRCAT,PRDOSE,PRDOSU,PRSTDTC,PRENDTC",
    "STUDYID,DOMAIN,USUBJID,AESEQ,AETERM,AEDECOD,AESOC,AETOXGR,AESER,AESTDTC,AEENDTC",
    "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSTEST,RSORRES,RSSTRESC,RSDTC",
    "STUDYID,DOMAIN,USUBJID,DSSEQ,DSTERM,DSDECOD,DSCAT,DSSTDTC",
};

// Salt of the stream that decides the export quirks (NOT DONE rows), apart from the events.
constexpr uint64_t kQuirkSalt = 0xC0FFEE5EEDULL;

// Days of the informed consent and of the SDTM reference start (first lymphodepletion dose).
constexpr int kConsentDay = -21;
constexpr int kReferenceStartDay = -5;

// The centre whose export reports temperatures in °F (zero-padded original results).
constexpr int kFahrenheitCenter = 3;
// The centre whose export says "NASAL CANNULA" for low-flow oxygen.
constexpr int kPlainCannulaCenter = 2;

// One subject's rows under construction: dates from the infusion date, --SEQ per domain.
class Subject {
  public:
    explicit Subject(const PatientPlan& plan) : plan_(plan) {}

    std::string date(int day) const { return iso_date(plan_.infusion_epoch_day + day); }

    std::string datetime(int day, std::optional<uint16_t> minute) const {
        if (!minute) return date(day);
        return date(day) + "T" + store::format_minute(*minute);
    }

    // SDTM study day from the reference start (day -5): no day 0.
    std::string study_day(int day) const {
        const int offset = day - kReferenceStartDay;
        return std::to_string(offset >= 0 ? offset + 1 : offset);
    }

    // "STUDYID,DOMAIN,USUBJID,<SEQ>" for a new row of `domain`.
    std::string start(int domain) {
        return fmt::format("{},{},{},{}", kStudyId, kDomainNames[static_cast<size_t>(domain)],
                           text::csv_field(plan_.patient_id), ++seq_[static_cast<size_t>(domain)]);
    }

    const PatientPlan& plan() const { return plan_; }

  private:
    const PatientPlan& plan_;
    std::array<int, 9> seq_{};
};

std::string number(std::optional<double> value) {
    return value ? format_number(*value) : std::string();
}

// A temperature in °F with two decimals, zero-padded to six characters like some exports
// ("099.50"), computed in integers so it converts back to the same tenth of a degree.
std::string fahrenheit_text(double celsius) {
    const long hundredths = 3200 + 18 * std::lround(celsius * 10.0);
    return fmt::format("{:03}.{:02}", hundredths / 100, hundredths % 100);
}

}  // namespace

std::string iso_date(int64_t epoch_day) {
    using namespace std::chrono;
    const year_month_day ymd{sys_days{days{epoch_day}}};
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

store::Status SdtmWriter::open(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return store::Status::io_error("cannot create " + dir.string() + ": " + ec.message());
    paths_.clear();
    for (size_t d = 0; d < kDomainCount; ++d) {
        std::string name = kDomainNames[d];
        for (char& c : name)
            c = static_cast<char>(c - 'A' + 'a');
        const std::filesystem::path path = dir / (name + ".csv");
        out_[d].open(path, std::ios::binary | std::ios::trunc);
        if (!out_[d]) return store::Status::io_error("cannot write " + path.string());
        out_[d] << kHeaders[d] << '\n';
        paths_.push_back(path.string());
    }
    return store::Status::ok();
}

store::Status SdtmWriter::close() {
    for (size_t d = 0; d < kDomainCount; ++d) {
        if (!out_[d].is_open()) continue;
        out_[d].flush();
        if (!out_[d]) return store::Status::io_error("write failed: " + paths_[d]);
        out_[d].close();
    }
    return store::Status::ok();
}

void SdtmWriter::write(const PatientPlan& plan, const std::vector<store::Event>& events) {
    Subject s(plan);
    std::array<std::string, kDomainCount> rows;
    auto row = [&](int domain, const std::string& rest) {
        rows[static_cast<size_t>(domain)] += s.start(domain) + "," + rest + "\n";
    };
    const Baseline& b = plan.baseline;
    const std::string death =
        plan.death_day
            ? s.datetime(*plan.death_day,
                         plan.death_minute
                             ? std::optional<uint16_t>(static_cast<uint16_t>(*plan.death_minute))
                             : std::nullopt)
            : std::string();
    row(kDs,
        fmt::format("INFORMED CONSENT OBTAINED,INFORMED CONSENT OBTAINED,PROTOCOL MILESTONE,{}",
                    s.date(kConsentDay)));
    std::string first_dose;
    for (const store::Event& e : events) {
        if (e.kind == EventKind::kDose && e.day < 0) {
            first_dose = s.datetime(e.day, e.minute);
            break;
        }
    }
    rows[kDm] += fmt::format(
        "{},DM,{},{},{},{},{},{},{},C{},{},YEARS,{},{},{},{},{},{},{},{},{},{}\n", kStudyId,
        text::csv_field(plan.patient_id), plan.patient_id.substr(1), first_dose, first_dose,
        s.date(plan.followup_end_day), death, plan.death_day ? "Y" : "", b.center, b.age, b.sex,
        arm_code(b.arm), b.arm, arm_code(b.arm), b.arm, "DEU", b.blasts_pct, b.prior_lines,
        b.allo_sct ? 1 : 0, b.high_risk ? 1 : 0);

    const bool fahrenheit = b.center == kFahrenheitCenter;
    for (size_t i = 0; i < events.size(); ++i) {
        const store::Event& e = events[i];
        const std::string when = s.datetime(e.day, e.minute);
        switch (e.kind) {
            case EventKind::kTemp: {
                const std::string c = number(e.value);
                if (fahrenheit) {
                    const std::string f = fahrenheit_text(*e.value);
                    row(kVs, fmt::format("TEMP,Temperature,{},F,{},{},F,,,,{},{}", f, f,
                                         format_number(std::stod(f)), when, s.study_day(e.day)));
                } else {
                    row(kVs, fmt::format("TEMP,Temperature,{},C,{},{},C,,,,{},{}", c, c, c, when,
                                         s.study_day(e.day)));
                }
                break;
            }
            case EventKind::kSbp: {
                const std::string v = number(e.value);
                row(kVs, fmt::format("SYSBP,Systolic Blood Pressure,{},mmHg,{},{},mmHg,,,,{},{}", v,
                                     v, v, when, s.study_day(e.day)));
                break;
            }
            case EventKind::kBaseline:
                if (e.code == "weight_kg") {
                    const std::string v = number(e.value);
                    row(kVs, fmt::format("WEIGHT,Weight,{},kg,{},{},kg,,,Y,{},{}", v, v, v, when,
                                         s.study_day(e.day)));
                }
                break;  // the other attributes are DM variables
            case EventKind::kLab: {
                const LabTerm term = lab_term(e.code);
                const std::string v = number(e.value);
                row(kLb,
                    fmt::format("{},{},{},{},{},{},{},{},,,{},{}", term.testcd, term.test,
                                term.specimen, v, e.unit, v, v, e.unit, when, s.study_day(e.day)));
                break;
            }
            case EventKind::kInfusion:
                row(kEx, fmt::format("{},{},{},INTRAVENOUS,{},{},{}", treatment_name(e.code),
                                     number(e.value), e.unit, when, when, s.study_day(e.day)));
                break;
            case EventKind::kDose:
                if (e.code == "gcsf") {
                    row(kCm, fmt::format("{},NEUTROPENIA,{},mg,SUBCUTANEOUS,{},{}",
                                         treatment_name(e.code), number(e.value), when, when));
                } else {
                    row(kEx,
                        fmt::format("{},{},mg,{},{},{},{}", treatment_name(e.code), number(e.value),
                                    route(e.code), when, when, s.study_day(e.day)));
                }
                break;
            case EventKind::kVasopressorStart: {
                std::string end;
                for (size_t j = i + 1; j < events.size(); ++j) {
                    if (events[j].kind == EventKind::kVasopressorStop && events[j].code == e.code) {
                        end = s.datetime(events[j].day, events[j].minute);
                        break;
                    }
                }
                row(kCm, fmt::format("{},HYPOTENSION,,,INTRAVENOUS,{},{}", treatment_name(e.code),
                                     when, end));
                break;
            }
            case EventKind::kHypotensionFluids:
                row(kCm,
                    fmt::format("{},HYPOTENSION,,,INTRAVENOUS,{},{}", kFluidBolus, when, when));
                break;
            case EventKind::kOxygen: {
                if (e.code == "room_air") break;  // implied by the previous record's PRENDTC
                std::string end;
                for (size_t j = i + 1; j < events.size(); ++j) {
                    if (events[j].kind == EventKind::kOxygen) {
                        end = s.datetime(events[j].day, events[j].minute);
                        break;
                    }
                }
                const bool plain = e.code == "low_flow_nc" && b.center == kPlainCannulaCenter;
                row(kPr, fmt::format("{},OXYGEN SUPPORT,{},{},{},{}",
                                     plain ? "NASAL CANNULA" : device_name(e.code), number(e.value),
                                     e.value ? "L/min" : "", when, end));
                break;
            }
            case EventKind::kIcans: {
                int last = e.day;
                for (const IcansChange& c : plan.icans) {
                    if (c.day == e.day) last = std::min(c.last_day, plan.followup_end_day);
                }
                row(kAe, fmt::format("{},{},NERVOUS SYSTEM DISORDERS,{},N,{},{}",
                                     "Immune effector cell-associated neurotoxicity syndrome",
                                     "IMMUNE EFFECTOR CELL-ASSOCIATED NEUROTOXICITY SYNDROME",
                                     number(e.value), s.date(e.day), s.date(last)));
                break;
            }
            case EventKind::kInfection:
                row(kAe, fmt::format("{},{},INFECTIONS AND INFESTATIONS,{},{},{},",
                                     infection_term(e.code), infection_term(e.code),
                                     number(e.value), *e.value >= 3 ? "Y" : "N", s.date(e.day)));
                break;
            case EventKind::kResponse:
                row(kRs, fmt::format("OVRLRESP,Overall Response,{},{},{}", response_text(e.code),
                                     response_text(e.code), s.date(e.day)));
                break;
            case EventKind::kRelapse:
                row(kRs,
                    fmt::format("OVRLRESP,Overall Response,RELAPSE,RELAPSE,{}", s.date(e.day)));
                break;
            case EventKind::kDeath:
                row(kDs, fmt::format("{},DEATH,DISPOSITION EVENT,{}", death_term(e.code), when));
                break;
            case EventKind::kLastFollowup:
                row(kDs, fmt::format("ALIVE AT LAST CONTACT,LAST KNOWN ALIVE,DISPOSITION EVENT,{}",
                                     when));
                break;
            default:
                break;
        }
    }
    // What real exports also hold: the clinician-graded CRS as an adverse event (dayzero derives
    // CRS itself, so the importer skips it), and a few assessments that were not done.
    for (size_t k = 0; k < plan.episode_onsets.size(); ++k) {
        const int onset = plan.episode_onsets[k];
        row(kAe, fmt::format("Cytokine release syndrome,CYTOKINE RELEASE SYNDROME,"
                             "IMMUNE SYSTEM DISORDERS,{},{},{},{}",
                             plan.episode_grades[k], plan.episode_grades[k] >= 3 ? "Y" : "N",
                             s.date(onset), s.date(onset + plan.episode_durations[k] - 1)));
    }
    RandomSource quirks(plan.seed ^ kQuirkSalt);
    const int last = std::min(plan.followup_end_day, kWindowDays - 1) - 1;
    if (last >= 1 && quirks.chance(0.5)) {
        const int day = quirks.uniform_int(1, last);
        row(kVs, fmt::format("SYSBP,Systolic Blood Pressure,,,,,,NOT DONE,PATIENT ASLEEP,,{},{}",
                             s.datetime(day, 3 * 60 + 50), s.study_day(day)));
    }
    if (last >= 1 && quirks.chance(0.2)) {
        const int day = quirks.uniform_int(1, last);
        row(kLb, fmt::format("IL6,Interleukin 6,SERUM,,,,,,NOT DONE,SAMPLE HAEMOLYSED,{},{}",
                             s.datetime(day, 6 * 60 + 40), s.study_day(day)));
    }
    for (size_t d = 0; d < kDomainCount; ++d)
        out_[d] << rows[d];
}

}  // namespace dayzero::generator
