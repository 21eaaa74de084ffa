#include "shell/audit_corrections.h"

#include <fmt/format.h>

#include "shell/audit_signature.h"

namespace dayzero::shell::audit {
namespace {

using store::Status;

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

Status check_writable(const store::EventStore& store, std::string_view what) {
    if (store.read_only()) {
        return Status::read_only(fmt::format("{} refused: the store is open read-only", what));
    }
    return Status::ok();
}

// Loads the event a correction names; corrections of signatures are refused (sign again).
store::Result<store::Event> correction_target(const store::EventStore& store, uint64_t seq,
                                              std::string_view what) {
    auto target = store.event(seq);
    if (!target) {
        return Status(target.status().code(), fmt::format("{} refused: no event with seq {} ({})",
                                                          what, seq, target.status().message()));
    }
    if (target->kind == store::EventKind::kSignature)
        return Status::invalid_argument(
            fmt::format("{} refused: seq {} is a signature", what, seq));
    return target;
}

// The checks every correction shares (writable store, a reason, an existing non-signature
// target); returns a copy of the target marked as a correction of it.
store::Result<store::Event> prepare_correction(const store::EventStore& store, uint64_t seq,
                                               const std::string& reason,
                                               store::Correction correction,
                                               std::string_view what) {
    if (Status writable = check_writable(store, what); !writable) return writable;
    if (blank(reason)) {
        return Status::invalid_argument(
            fmt::format("{} refused: a reason is mandatory (--reason '...')", what));
    }
    auto target = correction_target(store, seq, what);
    if (!target) return target;
    store::Event event = std::move(target.value());
    event.correction = correction;
    event.target_seq = seq;
    event.reason = reason;
    // A correction is entered now, not read from the target's file: the transaction's source
    // ("shell") applies, not the file digest and line copied with the target.
    event.source.clear();
    event.source_line = 0;
    return event;
}

store::Result<store::TransactionInfo> append_one(store::EventStore& store, store::Event event,
                                                 const std::string& reason,
                                                 const std::string& author) {
    store::TransactionRequest request;
    request.events.push_back(std::move(event));
    request.author = author;
    request.reason = reason;
    request.source = "shell";
    return store.append(std::move(request));
}

}  // namespace

store::Result<store::TransactionInfo> amend_event(store::EventStore& store, uint64_t seq,
                                                  const AmendFields& fields,
                                                  const std::string& reason,
                                                  const std::string& author) {
    auto target = prepare_correction(store, seq, reason, store::Correction::kAmend, "amend");
    if (!target) return target.status();
    const store::Event& old = target.value();
    store::Event amended = old;
    if (fields.value) amended.value = fields.value;
    if (fields.unit) amended.unit = *fields.unit;
    if (fields.code) amended.code = *fields.code;
    if (fields.text) amended.text = *fields.text;
    if (fields.note) amended.note = *fields.note;
    if (fields.day) amended.day = *fields.day;
    if (fields.minute) amended.minute = *fields.minute;
    if (amended.value == old.value && amended.unit == old.unit && amended.code == old.code &&
        amended.text == old.text && amended.note == old.note && amended.day == old.day &&
        amended.minute == old.minute) {
        return Status::invalid_argument(
            fmt::format("amend refused: the amendment of seq {} changes nothing", seq));
    }
    // The original text described the source value; an amendment is not from the source.
    amended.original.clear();
    return append_one(store, std::move(amended), reason, author);
}

store::Result<store::TransactionInfo> retract_event(store::EventStore& store, uint64_t seq,
                                                    const std::string& reason,
                                                    const std::string& author) {
    // The retraction carries a copy of what it withdraws, for the history.
    auto retraction =
        prepare_correction(store, seq, reason, store::Correction::kRetract, "retract");
    if (!retraction) return retraction.status();
    return append_one(store, std::move(retraction.value()), reason, author);
}

store::Result<store::TransactionInfo> sign_transaction(store::EventStore& store, uint64_t tx,
                                                       const std::string& meaning,
                                                       const std::string& signer,
                                                       const std::string& note) {
    if (Status writable = check_writable(store, "sign"); !writable) return writable;
    if (blank(meaning))
        return Status::invalid_argument("sign refused: a meaning is mandatory (--meaning ...)");
    if (blank(signer))
        return Status::invalid_argument("sign refused: the signer is mandatory (--by NAME)");
    if (tx == 0 || tx > store.last_tx()) {
        return Status::not_found(
            fmt::format("sign refused: no transaction {} (the store has transactions 1..{})", tx,
                        store.last_tx()));
    }
    return append_one(store, make_signature_event(tx, meaning, signer, note), "", signer);
}

}  // namespace dayzero::shell::audit
