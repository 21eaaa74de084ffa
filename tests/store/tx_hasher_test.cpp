// TxHasher: the hash chain's link for one transaction. The digests are pinned to values computed
// outside dayzero from the grammar in store/codec.cpp, so every store written so far keeps
// verifying; the block buffering must never show in a digest.
#include <catch2/catch.hpp>

#include <string>

#include "store/sha256.h"
#include "store/tx_hasher.h"

using namespace dayzero::store;

namespace {

codec::TxRecord tx_record(uint64_t tx, uint64_t first, uint64_t last, int64_t recorded_at_us,
                          std::string author, std::string reason, std::string source) {
    codec::TxRecord r;
    r.tx = tx;
    r.first_seq = first;
    r.last_seq = last;
    r.recorded_at_us = recorded_at_us;
    r.author = std::move(author);
    r.reason = std::move(reason);
    r.source = std::move(source);
    return r;
}

codec::Hash counting_hash() {
    codec::Hash h{};
    for (size_t i = 0; i < h.size(); ++i)
        h[i] = static_cast<uint8_t>(i);
    return h;
}

}  // namespace

TEST_CASE("a transaction's hash is SHA-256 of the previous hash, its events and its header") {
    // Python: sha256(prev + u64be(41) str("P1") str("r1") + u64be(42) str("P-002")
    // str("record two") + "dayzero-tx" 02 u64be(7, 41, 42, 2^64 - 5) str("ann") str("")
    // str("sha256:ab")), prev = bytes(range(32)).
    TxHasher hasher;
    hasher.start(counting_hash());
    hasher.add_event(41, "P1", "r1");
    hasher.add_event(42, "P-002", "record two");
    const codec::Hash first = hasher.finish(tx_record(7, 41, 42, -5, "ann", "", "sha256:ab"));
    CHECK(hasher.ok());
    CHECK(codec::to_hex(first) ==
          "86770704bf73126eaefe7ba7f7c05f463cc1bd232e12aadbac8d8b7ca709916a");

    // The next link starts from it, through the same hasher.
    hasher.start(first);
    hasher.add_event(43, "P1", "x");
    const codec::Hash second = hasher.finish(tx_record(8, 43, 43, 1000, "bob", "fix", "shell"));
    CHECK(hasher.ok());
    CHECK(codec::to_hex(second) ==
          "7947d65b74c43d9bd5d6188900495ea9adcc797ce0ed819ee68bab240605c010");
}

TEST_CASE("a transaction's hash does not depend on how its event bytes are buffered") {
    // Enough events to fill several of the hasher's blocks, one of them larger than a block.
    const codec::TxRecord tx = tx_record(3, 100, 3099, 1'700'000'000'000'000, "ann", "", "shell");
    Sha256 plain;
    plain.update(counting_hash());
    TxHasher hasher;
    hasher.start(counting_hash());
    for (uint64_t seq = tx.first_seq; seq <= tx.last_seq; ++seq) {
        const std::string patient = "P-" + std::to_string(seq % 37);
        const std::string record(seq == 2000 ? 200'000 : 20 + seq % 90, static_cast<char>(seq));
        std::string input(codec::max_event_hash_input_size(patient, record), '\0');
        const char* end = codec::write_event_hash_input(seq, patient, record, input.data());
        plain.update(std::string_view(input.data(), static_cast<size_t>(end - input.data())));
        hasher.add_event(seq, patient, record);
    }
    plain.update(codec::tx_hash_header(tx));
    CHECK(hasher.finish(tx) == plain.finish());
    CHECK(hasher.ok());
}

TEST_CASE("start() drops a transaction begun and not finished") {
    const codec::TxRecord tx = tx_record(1, 1, 1, 0, "ann", "", "shell");
    TxHasher fresh;
    fresh.start(codec::Hash{});
    fresh.add_event(1, "P1", "r");
    const codec::Hash expected = fresh.finish(tx);

    TxHasher reused;
    CHECK_FALSE(reused.ok());  // nothing begun
    reused.start(counting_hash());
    reused.add_event(9, "abandoned", "bytes");
    reused.start(codec::Hash{});
    reused.add_event(1, "P1", "r");
    CHECK(reused.finish(tx) == expected);
}
