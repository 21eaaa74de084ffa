#include "db/signing.h"

#include <fmt/format.h>

#include "db/corrections.h"

namespace dayzero::db {
namespace {

using store::Status;

bool blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

store::Result<std::optional<store::KeyRegistration>> registered_key(const store::EventStore& store,
                                                                    const std::string& key_id) {
    // The current view: a revoked registration is retracted, so it is not there.
    auto keys = store.timeline(std::string(store::kKeysPatient));
    if (!keys) {
        if (keys.status().code() == store::StatusCode::kNotFound)
            return std::optional<store::KeyRegistration>();
        return keys.status();
    }
    for (const store::Event& e : *keys) {
        auto registration = store::read_key_registration(e);
        if (registration && registration->key_id == key_id) return registration;
    }
    return std::optional<store::KeyRegistration>();
}

store::Result<store::Event> make_signature(const store::EventStore& store,
                                           const query::Signing& request, int64_t signed_at_us) {
    if (!request.key) {
        return Status::invalid_argument(
            "sign refused: a signature is made with the signer's own key: dayzero sign TX "
            "--meaning M --key FILE (create a key with dayzero keygen, have it registered with "
            "dayzero register-key); a typed name alone is no longer recorded as a signature");
    }
    if (blank(request.meaning))
        return Status::invalid_argument("sign refused: a meaning is mandatory");
    if (request.tx == 0 || request.tx > store.last_tx()) {
        return Status::not_found(
            fmt::format("sign refused: no transaction {} (the store has transactions 1..{})",
                        request.tx, store.last_tx()));
    }
    const std::string key_id = request.key->key_id();
    auto registration = registered_key(store, key_id);
    if (!registration) return registration.status();
    if (!registration->has_value()) {
        return Status::invalid_argument(fmt::format(
            "sign refused: key {} is not registered in this store (or its registration was "
            "revoked); register its public key first: dayzero register-key --db DB KEY.pub "
            "--name NAME --reason '...'",
            key_id));
    }
    const store::KeyRegistration& key = **registration;
    if (!request.signer.empty() && request.signer != key.name) {
        return Status::invalid_argument(fmt::format(
            "sign refused: the key is registered to '{}', not '{}'", key.name, request.signer));
    }
    auto signed_tx = store.transaction(request.tx);
    if (!signed_tx) return signed_tx.status();
    const auto link = store::link_from_hex(signed_tx->hash_hex);
    if (!link) {
        return Status::corruption(
            fmt::format("sign refused: transaction {} has no readable hash", request.tx));
    }
    return store::make_keyed_signature_event(*request.key, request.tx, *link, signed_at_us,
                                             key.name, request.meaning, request.note);
}

store::Result<store::Event> make_key_registration(const store::EventStore& store,
                                                  const std::string& public_key_pem,
                                                  const std::string& name) {
    if (blank(name))
        return Status::invalid_argument("register-key refused: the holder's name is mandatory");
    auto key = store::parse_public_key_pem(public_key_pem);
    if (!key) return Status::invalid_argument("register-key refused: " + key.status().message());
    const std::string key_id = store::key_id_of(*key);
    // Every registration ever made, revoked ones too: a key is never registered again, so a key
    // id names one holder for good (21 CFR 11.100(a)).
    store::TimelineQuery every;
    every.apply_corrections = false;
    auto keys = store.timeline(std::string(store::kKeysPatient), every);
    if (!keys && keys.status().code() != store::StatusCode::kNotFound) return keys.status();
    if (keys) {
        for (const store::Event& e : *keys) {
            auto earlier = store::read_key_registration(e);
            if (earlier && earlier->key_id == key_id) {
                return Status::invalid_argument(fmt::format(
                    "register-key refused: key {} was registered to '{}' before (seq {}); a "
                    "key is registered once and never reassigned",
                    key_id, earlier->name, earlier->seq));
            }
        }
    }
    return store::make_key_registration_event(*key, name);
}

store::Result<store::Event> make_key_revocation(const store::EventStore& store,
                                                const std::string& key, const std::string& reason) {
    if (blank(reason)) return Status::invalid_argument("revoke-key refused: a reason is mandatory");
    std::string key_id = key;
    if (key.find("-----BEGIN") != std::string::npos) {
        auto parsed = store::parse_public_key_pem(key);
        if (!parsed)
            return Status::invalid_argument("revoke-key refused: " + parsed.status().message());
        key_id = store::key_id_of(*parsed);
    }
    auto registration = registered_key(store, key_id);
    if (!registration) return registration.status();
    if (!registration->has_value()) {
        return Status::not_found(fmt::format(
            "revoke-key refused: key {} is not registered (or already revoked)", key_id));
    }
    query::Retraction retraction;
    retraction.seq = (*registration)->seq;
    retraction.reason = reason;
    return make_retraction(store, retraction);
}

}  // namespace dayzero::db
