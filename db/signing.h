#pragma once
// The rules of signatures and signing keys (store/signature.h has the records): each builds the
// one event its transaction records, or says why it is refused. Nothing here writes.

#include <optional>
#include <string>

#include "query/writer.h"
#include "store/event_store.h"
#include "store/signature.h"

namespace dayzero::db {

// The registration in force for `key_id` (registered and not revoked), or nullopt.
store::Result<std::optional<store::KeyRegistration>> registered_key(const store::EventStore& store,
                                                                    const std::string& key_id);

// The signature event of `request.key` over transaction `request.tx`, signed at `signed_at_us`.
// Refused without a key, without a meaning, for an unknown transaction, a key not registered in
// the store (or revoked), or a typed signer name that is not the key's registered name.
store::Result<store::Event> make_signature(const store::EventStore& store,
                                           const query::Signing& request, int64_t signed_at_us);

// The event registering the Ed25519 public key in `public_key_pem` for `name`. Refused for a
// blank name, a text that is not an Ed25519 public key, or a key already registered.
store::Result<store::Event> make_key_registration(const store::EventStore& store,
                                                  const std::string& public_key_pem,
                                                  const std::string& name);

// The retraction revoking the registration of `key` (a key id, or a public key's PEM text).
// Refused without a reason or for a key not registered (or already revoked).
store::Result<store::Event> make_key_revocation(const store::EventStore& store,
                                                const std::string& key, const std::string& reason);

}  // namespace dayzero::db
