#pragma once
// A signer for tests of the one writer: a fresh Ed25519 key, registered in the store through
// Database::register_key (one transaction), and the Signing request it makes.

#include <memory>
#include <string>

#include <catch2/catch.hpp>

#include "db/database.h"
#include "store/ed25519.h"

namespace dayzero::db::testing {

struct Signer {
    std::shared_ptr<const store::SigningKey> key;
    std::string name;

    // The request signing transaction `tx` with `meaning`.
    query::Signing signing(uint64_t tx, std::string meaning, std::string note = {}) const {
        query::Signing request;
        request.tx = tx;
        request.meaning = std::move(meaning);
        request.note = std::move(note);
        request.key = key;
        return request;
    }
};

// A new key, unregistered.
inline Signer unregistered_signer(const std::string& name) {
    auto key = store::SigningKey::generate();
    REQUIRE(key.is_ok());
    return Signer{std::shared_ptr<const store::SigningKey>(std::move(key).value()), name};
}

// A new key registered in `database` for `name`.
inline Signer registered_signer(Database& database, const std::string& name) {
    Signer signer = unregistered_signer(name);
    auto pem = signer.key->public_key_pem();
    REQUIRE(pem.is_ok());
    auto registered = database.register_key(*pem, name, "signer joins the study", "admin");
    INFO(registered.status().message());
    REQUIRE(registered.is_ok());
    return signer;
}

}  // namespace dayzero::db::testing
