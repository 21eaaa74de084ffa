// verify()'s check of key registrations and signatures (store/verify_checks.h): every keyed
// signature is verified with OpenSSL against the key registered before it, over the signed
// transaction's link and the manifest (store/signature.h has the signed bytes).
#include <map>
#include <optional>

#include <fmt/format.h>

#include "store/signature.h"
#include "store/verify_checks.h"

namespace dayzero::store {
namespace {

struct KnownKey {
    KeyRegistration registration;
    std::optional<uint64_t> revoked_at;  // seq of the retraction of its registration
};

// "signature seq 9 by 'Dr A. Lee' over transaction 2"
std::string name_of(const Signature& s) {
    return fmt::format("signature seq {} by '{}' over transaction {}", s.seq, s.signer,
                       s.signed_tx);
}

// The problem with one keyed signature, or "".
std::string check_keyed(const Signature& sig, const ChainFacts& facts,
                        const std::map<std::string, KnownKey>& keys) {
    const auto key = keys.find(sig.key_id);
    if (key == keys.end() || key->second.registration.seq > sig.seq) {
        return fmt::format(
            "{} is made with key {}, which is not registered in this store before "
            "it",
            name_of(sig), sig.key_id);
    }
    const KnownKey& known = key->second;
    if (known.revoked_at && *known.revoked_at < sig.seq) {
        return fmt::format("{} is made with key {}, which was revoked (seq {}) before it",
                           name_of(sig), sig.key_id, *known.revoked_at);
    }
    if (known.registration.name != sig.signer) {
        return fmt::format("{} names a signer other than the holder of key {} ('{}')", name_of(sig),
                           sig.key_id, known.registration.name);
    }
    if (sig.signed_tx == 0 || sig.signed_tx > facts.tx_hashes.size()) {
        return fmt::format("{}: no such transaction", name_of(sig));
    }
    const auto bytes = signature_bytes(sig);
    if (!bytes) return fmt::format("{}: the signature is not 128 hex digits", name_of(sig));
    const std::string message =
        signature_message(sig.signed_tx, facts.tx_hashes[sig.signed_tx - 1], sig.signed_at_us,
                          sig.signer, sig.meaning, sig.note, sig.key_id);
    if (!ed25519_verify(known.registration.public_key, message, *bytes)) {
        return fmt::format(
            "{} does not verify with key {} of '{}': the signed transaction, the "
            "manifest (name, time, meaning, note) or the signature was changed, "
            "or it was moved from another transaction or made with another key",
            name_of(sig), sig.key_id, known.registration.name);
    }
    return {};
}

}  // namespace

bool is_signing_record(const Event& event, std::string_view patient_id) {
    return event.kind == EventKind::kSignature || patient_id == kKeysPatient;
}

std::string check_signatures(const ChainFacts& facts, VerifyReport& report, uint64_t& bad_tx) {
    std::map<std::string, KnownKey> keys;
    std::map<uint64_t, std::string> registration_at;  // registration seq -> key id
    std::vector<uint64_t> legacy;
    uint64_t verified = 0;
    for (const SigningRecord& record : facts.signing) {
        const Event& e = record.event;
        bad_tx = e.tx;
        if (e.patient_id == kKeysPatient) {
            if (e.correction == Correction::kRetract) {
                const auto at = registration_at.find(e.target_seq);
                if (at == registration_at.end()) {
                    return fmt::format("seq {} revokes seq {}, which is no key registration", e.seq,
                                       e.target_seq);
                }
                keys[at->second].revoked_at = e.seq;
                continue;
            }
            if (e.correction != Correction::kNone) {
                return fmt::format(
                    "seq {} amends key registration seq {}: a registration is "
                    "never changed, only revoked",
                    e.seq, e.target_seq);
            }
            auto registration = read_key_registration(e);
            if (!registration) {
                return fmt::format(
                    "key registration seq {} is malformed: its key id is not the "
                    "SHA-256 of its public key, or the key is not 64 hex digits",
                    e.seq);
            }
            if (keys.count(registration->key_id) != 0) {
                return fmt::format("key registration seq {} registers key {} a second time", e.seq,
                                   registration->key_id);
            }
            registration_at[e.seq] = registration->key_id;
            keys[registration->key_id] = KnownKey{*registration, std::nullopt};
            continue;
        }
        if (e.patient_id != kSignaturePatient || e.correction != Correction::kNone) {
            return fmt::format("seq {} is a signature outside '{}' or a correction of one", e.seq,
                               kSignaturePatient);
        }
        auto sig = read_signature(e);
        if (!sig) return fmt::format("signature seq {} names no transaction", e.seq);
        if (sig->signed_tx >= e.tx) {
            return fmt::format("{}: a signature covers an earlier transaction than its own ({})",
                               name_of(*sig), e.tx);
        }
        if (sig->key_id.empty()) {
            // `replay --rehash`'s marker is a statement by the loading account, reported apart.
            if (record.tx_source == kRehashSource) continue;
            // This build never records a keyless signature: one in a transaction it wrote was
            // put there by other means.
            if (record.tx_has_os_account) {
                return fmt::format(
                    "{} carries no key, in a transaction recorded since signatures "
                    "are made with keys",
                    name_of(*sig));
            }
            legacy.push_back(sig->seq);
            continue;
        }
        if (std::string problem = check_keyed(*sig, facts, keys); !problem.empty()) return problem;
        ++verified;
    }
    bad_tx = 0;
    if (verified > 0 || !legacy.empty() || !keys.empty()) {
        std::string note =
            fmt::format("signatures: {} verified (Ed25519) against the {} registered key(s)",
                        verified, keys.size());
        if (!legacy.empty()) {
            std::string seqs;
            for (size_t i = 0; i < legacy.size() && i < 10; ++i)
                seqs += (i ? ", " : "") + std::to_string(legacy[i]);
            if (legacy.size() > 10) seqs += ", ...";
            note += fmt::format(
                "; {} signatures without a key (legacy, names only: seq {}): not "
                "cryptographically verified, they do not show who signed",
                legacy.size(), seqs);
        }
        report.notes.push_back(std::move(note));
    }
    return {};
}

}  // namespace dayzero::store
