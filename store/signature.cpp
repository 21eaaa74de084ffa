#include "store/signature.h"

#include <cmath>

namespace dayzero::store {

Event make_signature_event(uint64_t tx, std::string meaning, std::string signer, std::string note) {
    Event event;
    event.patient_id = std::string(kSignaturePatient);
    event.day = 0;
    event.kind = EventKind::kSignature;
    event.code = std::move(meaning);
    event.value = static_cast<double>(tx);
    event.text = std::move(signer);
    event.note = std::move(note);
    return event;
}

std::optional<Signature> read_signature(const Event& event) {
    if (event.kind != EventKind::kSignature || !event.value) return std::nullopt;
    const double tx = *event.value;
    if (!(tx >= 1) || tx != std::floor(tx)) return std::nullopt;
    Signature signature;
    signature.seq = event.seq;
    signature.signed_tx = static_cast<uint64_t>(tx);
    signature.meaning = event.code;
    signature.signer = event.text;
    signature.note = event.note;
    signature.signed_at_us = event.recorded_at_us;
    return signature;
}

}  // namespace dayzero::store
