#pragma once
// Electronic signatures (21 CFR 11.50, 11.70) and the public keys they are made with, as events.
//
// A signature event (EventKind::kSignature) under kSignaturePatient ("~signatures"; '~' cannot
// start an imported patient id):
//   day = 0, no time, code = meaning ("reviewed", "approved", ...), value = signed tx number,
//   text = the signer's printed name, note = optional free text,
//   unit = the key id ("ed25519:<hex SHA-256 of the raw public key>", store/ed25519.h),
//   original = the Ed25519 signature of signature_message(), 128 hex digits.
//   Its transaction's recorded-at is the signing time; its author is the printed name, and the
//   transaction records the operating-system account beside it.
//   A signature with an empty unit is a legacy one: a name typed with --by before signatures
//   were made with keys. It proves nothing about who signed; verify() counts it apart.
//
// A key registration: an event of kKeysPatient ("~keys"), kind kBaseline (as saved cohorts),
//   day 0, code = the key id, text = the holder's printed name, original = the raw public key
//   (64 hex digits); its transaction's reason says why. Revoking the key is a retraction of this
//   event (with a reason): signatures recorded after the retraction are refused and fail verify;
//   those recorded before keep verifying. A registration is never amended.
//
// The signed bytes (signature_message), the one definition the signer and verify() share:
//   message := "dayzero-signature" u8(1)
//              u64be(signed tx) byte[32](signed tx's hash-chain link)
//              u64be(signed at: recorded-at of the signature's transaction, µs, as u64)
//              str(printed name) str(meaning) str(note) str(key id)
//   str := varint(length) bytes, as in the store's codec (docs/STORAGE.md).
// So a signature names the content of the transaction it covers (its hash covers every event
// and the whole chain before it), not only its number: it cannot be moved to another transaction,
// or outlive a change to the signed one, without the signer's private key.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/ed25519.h"
#include "store/event.h"

namespace dayzero::store {

inline constexpr std::string_view kSignaturePatient = "~signatures";
inline constexpr std::string_view kKeysPatient = "~keys";

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
    std::string key_id;        // "" for a legacy signature (a name only)
    std::string signature_hex;
};

// A decoded key registration.
struct KeyRegistration {
    uint64_t seq = 0;
    std::string key_id;
    std::string name;
    PublicKeyBytes public_key{};
};

// How listings name a signature's key: "key ed25519:" and its first 16 hex digits, or
// "no key" for a legacy signature.
std::string key_label(const Signature& signature);

// The legacy, keyless signature event (`replay --rehash`'s marker; older stores hold others).
Event make_signature_event(uint64_t tx, std::string meaning, std::string signer,
                           std::string note = {});

// The signature an event records; nullopt when it is not a well-formed signature event.
std::optional<Signature> read_signature(const Event& event);

// The bytes a signature signs (the grammar above).
std::string signature_message(uint64_t signed_tx, const std::array<uint8_t, 32>& signed_tx_hash,
                              int64_t signed_at_us, std::string_view name, std::string_view meaning,
                              std::string_view note, std::string_view key_id);

// The signature event `key` makes over transaction `tx` (whose link is `tx_hash`) at
// `signed_at_us`, for the holder registered as `name`.
Result<Event> make_keyed_signature_event(const SigningKey& key, uint64_t tx,
                                         const std::array<uint8_t, 32>& tx_hash,
                                         int64_t signed_at_us, std::string name,
                                         std::string meaning, std::string note);

// A hash-chain link from its 64 lower-case hex digits (TransactionInfo::hash_hex); nullopt when
// malformed.
std::optional<std::array<uint8_t, 32>> link_from_hex(std::string_view hex);

// The 64-byte signature a keyed signature event carries; nullopt when malformed.
std::optional<SignatureBytes> signature_bytes(const Signature& signature);

// The event registering `public_key` for `name`.
Event make_key_registration_event(const PublicKeyBytes& public_key, std::string name);

// The registration an event records; nullopt when it is not one, or is malformed (a key id that
// is not the public key's).
std::optional<KeyRegistration> read_key_registration(const Event& event);

// Patients whose ids start with '~' hold system records (signatures), not observations.
inline bool is_system_patient(std::string_view id) {
    return !id.empty() && id[0] == '~';
}

}  // namespace dayzero::store
