#pragma once
// Receipts: a transaction number and the hash-chain link at it, with the moment they were seen,
// written as one token an auditor keeps outside the store (docs/AUDIT.md, "Receipts"):
//   dayzero-receipt/<tx>/<64 hex: hash of transaction tx>/<UTC instant>
// A later `verify --expect RECEIPT` proves the store still extends that chain; a truncated,
// rolled-back or wholly rebuilt store cannot, whatever its own files say.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/event_store.h"

namespace dayzero::shell::audit {

struct Receipt {
    uint64_t tx = 0;       // 0: an empty store
    std::string hash_hex;  // the hash of transaction `tx` (64 zeros for an empty store)
    int64_t at_us = 0;     // when the receipt was issued
};

// The receipt as one token.
std::string format_receipt(const Receipt& receipt);

// Parses a token format_receipt wrote; nullopt with `error` set when malformed.
std::optional<Receipt> parse_receipt(std::string_view text, std::string& error);

// "" when `store` still holds `receipt`'s link (same transaction and hash, at its end or earlier
// in a longer chain), else why not. The caller verifies the chain itself first.
std::string check_receipt(const store::EventStore& store, uint64_t verified_tx,
                          const Receipt& receipt);

}  // namespace dayzero::shell::audit
