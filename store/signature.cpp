#include "store/signature.h"

#include <cmath>

#include "store/byte_reader.h"
#include "store/codec.h"
#include "text/hex.h"

namespace dayzero::store {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // upper case is never written, so never accepted
}

// Lower-case hex of exactly out.size() bytes into `out`; false otherwise.
template <size_t N>
bool from_hex(std::string_view text, std::array<uint8_t, N>& out) {
    if (text.size() != 2 * N) return false;
    for (size_t i = 0; i < N; ++i) {
        const int hi = hex_digit(text[2 * i]);
        const int lo = hex_digit(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = static_cast<uint8_t>(hi * 16 + lo);
    }
    return true;
}

Event system_event(std::string_view patient, EventKind kind) {
    Event event;
    event.patient_id = std::string(patient);
    event.day = 0;
    event.kind = kind;
    return event;
}

}  // namespace

Event make_signature_event(uint64_t tx, std::string meaning, std::string signer, std::string note) {
    Event event = system_event(kSignaturePatient, EventKind::kSignature);
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
    signature.key_id = event.unit;
    signature.signature_hex = event.original;
    return signature;
}

std::string key_label(const Signature& signature) {
    if (signature.key_id.empty()) return "no key";
    return "key " + signature.key_id.substr(0, kKeyIdPrefix.size() + 16);
}

std::string signature_message(uint64_t signed_tx, const std::array<uint8_t, 32>& signed_tx_hash,
                              int64_t signed_at_us, std::string_view name, std::string_view meaning,
                              std::string_view note, std::string_view key_id) {
    std::string out = "dayzero-signature";
    out.push_back('\x01');
    codec::put_u64_be(out, signed_tx);
    out.append(reinterpret_cast<const char*>(signed_tx_hash.data()), signed_tx_hash.size());
    codec::put_u64_be(out, static_cast<uint64_t>(signed_at_us));
    codec::put_str(out, name);
    codec::put_str(out, meaning);
    codec::put_str(out, note);
    codec::put_str(out, key_id);
    return out;
}

Result<Event> make_keyed_signature_event(const SigningKey& key, uint64_t tx,
                                         const std::array<uint8_t, 32>& tx_hash,
                                         int64_t signed_at_us, std::string name,
                                         std::string meaning, std::string note) {
    const std::string key_id = key.key_id();
    auto signed_bytes =
        key.sign(signature_message(tx, tx_hash, signed_at_us, name, meaning, note, key_id));
    if (!signed_bytes) return signed_bytes.status();
    Event event = make_signature_event(tx, std::move(meaning), std::move(name), std::move(note));
    event.unit = key_id;
    event.original = text::to_hex(*signed_bytes);
    return event;
}

std::optional<std::array<uint8_t, 32>> link_from_hex(std::string_view hex) {
    std::array<uint8_t, 32> out{};
    if (!from_hex(hex, out)) return std::nullopt;
    return out;
}

std::optional<SignatureBytes> signature_bytes(const Signature& signature) {
    SignatureBytes out{};
    if (!from_hex(signature.signature_hex, out)) return std::nullopt;
    return out;
}

Event make_key_registration_event(const PublicKeyBytes& public_key, std::string name) {
    Event event = system_event(kKeysPatient, EventKind::kBaseline);
    event.code = key_id_of(public_key);
    event.text = std::move(name);
    event.original = text::to_hex(public_key);
    return event;
}

std::optional<KeyRegistration> read_key_registration(const Event& event) {
    if (event.patient_id != kKeysPatient || event.kind != EventKind::kBaseline ||
        event.correction != Correction::kNone)
        return std::nullopt;
    KeyRegistration key;
    if (!from_hex(event.original, key.public_key)) return std::nullopt;
    key.key_id = key_id_of(key.public_key);
    if (key.key_id != event.code) return std::nullopt;
    key.seq = event.seq;
    key.name = event.text;
    return key;
}

}  // namespace dayzero::store
