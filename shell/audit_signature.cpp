#include "shell/audit_signature.h"

#include <cmath>

#include <fmt/format.h>

#include "shell/audit_time.h"

namespace dayzero::shell::audit {

store::Event make_signature_event(uint64_t tx, std::string meaning, std::string signer,
                                  std::string note) {
    store::Event event;
    event.patient_id = std::string(kSignaturePatient);
    event.day = 0;
    event.kind = store::EventKind::kSignature;
    event.code = std::move(meaning);
    event.value = static_cast<double>(tx);
    event.text = std::move(signer);
    event.note = std::move(note);
    return event;
}

std::optional<Signature> read_signature(const store::Event& event) {
    if (event.kind != store::EventKind::kSignature || !event.value) return std::nullopt;
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

std::string describe_signature(const Signature& signature) {
    return fmt::format("{} by {} at {} (seq {})", signature.meaning, signature.signer,
                       format_instant(signature.signed_at_us), signature.seq);
}

}  // namespace dayzero::shell::audit
