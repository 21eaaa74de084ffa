#pragma once
// Electronic signatures (21 CFR 11.50) as events: who signed which transaction, with what meaning.
//
// Encoding of a signature event (EventKind::kSignature), the one the writer records and every
// reader decodes:
//   patient_id = kSignaturePatient ("~signatures": '~' cannot start an imported patient id)
//   day = 0, no time, code = meaning ("reviewed", "approved", ...), value = signed tx number,
//   text = signer's name, note = optional free text. recorded_by/recorded_at say who entered it
//   and when (the signing moment).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/event.h"

namespace dayzero::store {

inline constexpr std::string_view kSignaturePatient = "~signatures";

// `replay --rehash` loads a stream without checking its hashes, then appends one transaction
// with this source holding a signature with this meaning over the last transaction it loaded:
// the chain up to it was computed anew, and verify() says so. No other command writes this source.
inline constexpr std::string_view kRehashSource = "replay --rehash";
inline constexpr std::string_view kRehashMeaning = "re-hashed";

// A decoded signature event.
struct Signature {
    uint64_t seq = 0;        // the signature event's own sequence number
    uint64_t signed_tx = 0;  // the transaction it covers
    std::string meaning;
    std::string signer;
    std::string note;
    int64_t signed_at_us = 0;  // recorded-at of the signature event
};

// The event that records `signer` signing transaction `tx` with `meaning`.
Event make_signature_event(uint64_t tx, std::string meaning, std::string signer,
                           std::string note = {});

// The signature an event records; nullopt when it is not a well-formed signature event.
std::optional<Signature> read_signature(const Event& event);

// Patients whose ids start with '~' hold system records (signatures), not observations.
inline bool is_system_patient(std::string_view id) {
    return !id.empty() && id[0] == '~';
}

}  // namespace dayzero::store
