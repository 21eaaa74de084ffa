#include "db/corrections.h"

#include <fmt/format.h>

#include "importers/event_rules.h"
#include "query/query_error.h"
#include "query/saved_cohorts.h"
#include "store/signature.h"

namespace dayzero::db {
namespace {

using store::Status;

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The event a correction names, marked as a correction of it: recorded here and now, so it
// keeps none of the original's provenance (file digest, line, who recorded it).
store::Result<store::Event> correction_of(const store::EventStore& store, uint64_t seq,
                                          const std::string& reason, store::Correction correction,
                                          std::string_view what) {
    if (blank(reason)) {
        return Status::invalid_argument(fmt::format("{} refused: a reason is mandatory", what));
    }
    auto target = store.event(seq);
    if (!target) {
        return Status(target.status().code(),
                      fmt::format("{} refused: no event with seq {} (the log ends at {})", what,
                                  seq, store.last_seq()));
    }
    if (target->kind == store::EventKind::kSignature) {
        return Status::invalid_argument(
            fmt::format("{} refused: seq {} is a signature (sign again instead)", what, seq));
    }
    // A key registration names whose past signatures a key proves: it is only ever revoked.
    if (target->patient_id == store::kKeysPatient && correction != store::Correction::kRetract) {
        return Status::invalid_argument(fmt::format(
            "{} refused: seq {} registers a signing key; revoke it (dayzero revoke-key) and "
            "register another",
            what, seq));
    }
    store::Event event = std::move(target.value());
    event.correction = correction;
    event.target_seq = seq;
    event.reason = reason;
    event.source.clear();
    event.source_line = 0;
    event.recorded_by.clear();
    return event;
}

// The value as an import file would spell it: the shortest text that reads back exactly.
std::string value_text(const store::Event& event) {
    if (event.value) return fmt::format("{}", *event.value);
    return event.text;
}

// Re-applies the import rules to an amended code, value or unit: the same spellings, units,
// conversions and plausible ranges as a file's row.
Status normalise(const query::Amendment& request, store::Event& amended) {
    store::Event given = amended;
    if (request.value) given.value = request.value;
    importers::RawObservation raw;
    raw.kind = amended.kind;
    const std::string code = request.code ? *request.code : amended.code;
    const std::string value = value_text(given);
    const std::string unit = request.unit ? *request.unit : amended.unit;
    raw.code = code;
    raw.value = value;
    raw.unit = unit;
    store::Event normalised;
    const importers::RuleOutcome outcome = importers::normalise_observation(raw, normalised);
    if (!outcome.ok) {
        return Status::invalid_argument(
            fmt::format("amend refused: {} (code '{}', value '{}', unit '{}')", outcome.message,
                        code, value, unit));
    }
    if (!outcome.per_attribute.empty()) {
        return Status::invalid_argument(fmt::format(
            "amend refused: a dose per {} needs the patient's {}; give the amount in mg",
            outcome.per_attribute, outcome.per_attribute));
    }
    amended.code = normalised.code;
    amended.value = normalised.value;
    amended.text = normalised.text;
    amended.unit = normalised.unit;
    amended.original = normalised.original;
    return Status::ok();
}

bool same_fields(const store::Event& a, const store::Event& b) {
    return a.value == b.value && a.unit == b.unit && a.code == b.code && a.text == b.text &&
           a.note == b.note && a.day == b.day && a.minute == b.minute;
}

}  // namespace

store::Result<store::Event> make_amendment(const store::EventStore& store,
                                           const query::Amendment& request) {
    auto target =
        correction_of(store, request.seq, request.reason, store::Correction::kAmend, "amend");
    if (!target) return target;
    const store::Event& old = target.value();
    store::Event amended = old;
    // The original text described the source file's value; an amendment is not from the file.
    amended.original.clear();
    if (request.value || request.unit || request.code) {
        if (auto s = normalise(request, amended); !s) return s;
    }
    if (request.text) amended.text = *request.text;
    if (request.note) amended.note = *request.note;
    if (request.day) {
        // The days an import takes; only an event imported outside them (--allow-any-day) may
        // move outside them (the store refuses what it cannot hold).
        if (importers::day_is_usual(old.day) && !importers::day_is_usual(*request.day)) {
            return Status::invalid_argument(fmt::format(
                "amend refused: day {} for seq {} is outside {}..{}, the days an "
                "import takes",
                *request.day, request.seq, importers::kUsualFirstDay, importers::kUsualLastDay));
        }
        amended.day = *request.day;
    }
    if (request.minute) amended.minute = *request.minute;
    if (same_fields(amended, old)) {
        return Status::invalid_argument(
            fmt::format("amend refused: the amendment of seq {} changes nothing", request.seq));
    }
    return amended;
}

store::Result<store::Event> make_retraction(const store::EventStore& store,
                                            const query::Retraction& request) {
    return correction_of(store, request.seq, request.reason, store::Correction::kRetract,
                         "retract");
}

namespace {

// The saved record of `kind` called `name` now (case-insensitive), or nullopt.
store::Result<std::optional<query::SavedCohort>> saved_now(const store::EventStore& store,
                                                           const std::string& name,
                                                           query::SavedKind kind) {
    try {
        return query::find_saved_cohort(store, name, {}, kind);
    } catch (const query::QueryError& e) {
        return Status::io_error(e.what());
    }
}

}  // namespace

store::Result<store::Event> make_cohort_save(const store::EventStore& store,
                                             const query::CohortSave& request) {
    const std::string noun(query::saved_noun(request.kind));
    if (blank(request.name) || blank(request.text)) {
        return Status::invalid_argument(
            fmt::format("save {} refused: a name and a {} are needed", noun,
                        request.kind == query::SavedKind::kCohort ? "condition" : "definition"));
    }
    auto saved = saved_now(store, request.name, request.kind);
    if (!saved) return saved.status();
    store::Event event =
        query::make_saved_cohort_event(request.name, request.text, request.size, request.kind);
    event.reason = request.reason;
    if (!saved->has_value()) return event;
    const query::SavedCohort& old = **saved;
    if (old.text == request.text && old.name == request.name) {
        return Status::invalid_argument(
            fmt::format("save {0} refused: {0} {1} is already saved as '{2}' (seq {3})", noun,
                        old.name, old.text, old.seq));
    }
    event.correction = store::Correction::kAmend;
    event.target_seq = old.seq;
    return event;
}

store::Result<store::Event> make_cohort_drop(const store::EventStore& store,
                                             const query::CohortDrop& request) {
    const std::string noun(query::saved_noun(request.kind));
    if (blank(request.reason)) {
        return Status::invalid_argument(
            fmt::format("drop {0} refused: {0} {1} is saved; dropping it needs a reason "
                        "(drop {0} {1} reason '...';)",
                        noun, request.name));
    }
    auto saved = saved_now(store, request.name, request.kind);
    if (!saved) return saved.status();
    if (!saved->has_value()) {
        return Status::not_found(
            fmt::format("drop {0} refused: no saved {0} '{1}'", noun, request.name));
    }
    auto event = correction_of(store, (*saved)->seq, request.reason, store::Correction::kRetract,
                               "drop " + noun);
    // The history shows what was withdrawn: the text in force, not the first one saved.
    if (event) {
        event->text = (*saved)->text;
        if (request.kind == query::SavedKind::kCohort) {
            event->value = static_cast<double>((*saved)->size);
        }
    }
    return event;
}

}  // namespace dayzero::db
