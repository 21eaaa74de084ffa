#pragma once
// TxHasher: one link of the hash chain. A transaction's hash is
//   SHA-256(prev hash || event_1 || ... || event_n || header)
// over codec's event hash input and transaction header (the grammar in codec.cpp). Appends feed
// it event by event as chunks stream in, and verify() recomputes every transaction through it, so
// what is written and what is checked are one recipe. Private to store/.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/codec.h"
#include "store/sha256.h"

namespace dayzero::store {

class TxHasher {
  public:
    TxHasher() = default;
    TxHasher(const TxHasher&) = delete;
    TxHasher& operator=(const TxHasher&) = delete;

    // Begins the transaction after the one whose hash is `prev` (zeros before the first), dropping
    // any transaction begun and not finished; one hasher may serve a whole chain.
    void start(const codec::Hash& prev);
    // Adds the transaction's next event, in sequence order: its number, external patient id and
    // record bytes as stored.
    void add_event(uint64_t seq, std::string_view patient_id, std::string_view record);
    // Adds the header of `tx` (everything but its hashes) and returns the transaction's hash; the
    // next transaction needs start() again.
    codec::Hash finish(const codec::TxRecord& tx);
    // False before start() and once OpenSSL has failed (finish() then returns zeros).
    bool ok() const { return sha_.has_value() && sha_->ok(); }

  private:
    void flush();  // hands the buffered event bytes to SHA-256

    std::optional<Sha256> sha_;
    // Event bytes not yet given to SHA-256: a call per event cost about as much as hashing the
    // event's ~60 bytes, so they go in blocks. The digest is the same either way.
    std::string pending_;
    size_t used_ = 0;
};

}  // namespace dayzero::store
