// Signatures and signing keys as verify() checks them (store/signature.h). Each test writes, with
// the store's own append, the history an attacker with file access could leave behind (a chain
// whose hashes are all consistent) and expects verify() to name the signature.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "store/ed25519.h"
#include "store/signature.h"
#include "store_test_util.h"

using namespace dayzero::store;
using namespace dayzero::store::testing;

namespace {

constexpr int64_t kT0 = 1'780'000'000'000'000;

std::unique_ptr<SigningKey> new_key() {
    auto key = SigningKey::generate();
    INFO(key.status().message());
    REQUIRE(key.is_ok());
    return std::move(key).value();
}

TransactionRequest at(std::vector<Event> events, int64_t us,
                      std::optional<std::string> os_account = std::string("clinic")) {
    TransactionRequest r;
    r.events = std::move(events);
    r.author = "dm";
    r.source = "shell";
    r.reason = "test";
    r.recorded_at_us = us;
    r.os_account = std::move(os_account);
    return r;
}

// tx 1 (seq 1): a temperature of `value`; tx 2 (seq 2): `key` registered for `name`.
void base(EventStore& store, const SigningKey& key, const std::string& name, double value = 38.5) {
    must_append(store, at({make_event("P1", 1, 600, EventKind::kTemp, value)}, kT0));
    must_append(store, at({make_key_registration_event(key.public_key(), name)}, kT0 + 1));
}

// The signature event `key` makes over `tx` of `store`, signed at `us` under `name`.
Event signature_over(const EventStore& store, const SigningKey& key, uint64_t tx, int64_t us,
                     const std::string& name, const std::string& meaning = "reviewed") {
    auto info = store.transaction(tx);
    REQUIRE(info.is_ok());
    auto link = link_from_hex(info->hash_hex);
    REQUIRE(link);
    auto event = make_keyed_signature_event(key, tx, *link, us, name, meaning, "");
    INFO(event.status().message());
    REQUIRE(event.is_ok());
    return std::move(event).value();
}

// True when one of verify()'s notes contains `part`.
bool noted(const VerifyReport& report, const std::string& part) {
    for (const auto& note : report.notes) {
        if (note.find(part) != std::string::npos) return true;
    }
    return false;
}

// verify() failed, naming the signature by seq, signer and signed transaction, and `why`.
void check_fails(const VerifyReport& report, const std::string& named, const std::string& why) {
    INFO(report.problem);
    CHECK_FALSE(report.ok);
    CHECK(report.problem.find(named) != std::string::npos);
    CHECK(report.problem.find(why) != std::string::npos);
}

}  // namespace

TEST_CASE("a signature made with the registered key verifies and is counted") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    auto key = new_key();
    base(*store, *key, "Dr A. Lee");
    must_append(*store, at({signature_over(*store, *key, 1, kT0 + 2, "Dr A. Lee")}, kT0 + 2));
    const VerifyReport report = store->verify();
    INFO(report.problem);
    REQUIRE(report.ok);
    CHECK(noted(report, "signatures: 1 verified (Ed25519) against the 1 registered key(s)"));
    CHECK_FALSE(noted(report, "without a key"));
    auto signature = read_signature(store->event(3).value());
    REQUIRE(signature);
    CHECK(signature->key_id == key->key_id());
    CHECK(signature->signature_hex.size() == 128);
}

TEST_CASE("verify fails for a signature that names one key but was made with another") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    auto lee = new_key();
    auto mallory = new_key();
    base(*store, *lee, "Dr A. Lee");
    Event forged = signature_over(*store, *mallory, 1, kT0 + 2, "Dr A. Lee");
    forged.unit = lee->key_id();  // claims Dr Lee's registered key
    must_append(*store, at({forged}, kT0 + 2));
    check_fails(store->verify(), "signature seq 3 by 'Dr A. Lee' over transaction 1",
                "does not verify with key " + lee->key_id());
}

TEST_CASE("verify fails for a signature whose manifest was changed") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    auto key = new_key();
    base(*store, *key, "Dr A. Lee");
    Event changed = signature_over(*store, *key, 1, kT0 + 2, "Dr A. Lee", "reviewed");
    changed.code = "approved";
    must_append(*store, at({changed}, kT0 + 2));
    check_fails(store->verify(), "signature seq 3 by 'Dr A. Lee' over transaction 1",
                "does not verify");
}

TEST_CASE("verify fails for a signature recorded at another time than it signed") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    auto key = new_key();
    base(*store, *key, "Dr A. Lee");
    // Backdated by an hour: the signed time and the recorded time differ.
    must_append(*store,
                at({signature_over(*store, *key, 1, kT0 + 2, "Dr A. Lee")}, kT0 + 3'600'000'000));
    check_fails(store->verify(), "signature seq 3 by 'Dr A. Lee' over transaction 1",
                "does not verify");
}

TEST_CASE("verify fails for a signature moved to another transaction") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    auto key = new_key();
    base(*store, *key, "Dr A. Lee");
    must_append(*store, at({make_event("P1", 2, 600)}, kT0 + 2));  // tx 3
    Event moved = signature_over(*store, *key, 1, kT0 + 3, "Dr A. Lee");
    moved.value = 3.0;  // now claims to cover transaction 3
    must_append(*store, at({moved}, kT0 + 3));
    check_fails(store->verify(), "signature seq 4 by 'Dr A. Lee' over transaction 3",
                "does not verify");
}

TEST_CASE("verify fails when the signed transaction was rewritten and the chain recomputed") {
    TempDir dir;
    auto key = new_key();
    Event genuine;
    {
        auto original = open_store(dir.sub("original"));
        base(*original, *key, "Dr A. Lee", 38.5);
        genuine = signature_over(*original, *key, 1, kT0 + 2, "Dr A. Lee");
        must_append(*original, at({genuine}, kT0 + 2));
        REQUIRE(original->verify().ok);
    }
    // The same history with the signed reading changed, every hash computed anew, and the
    // genuine signature copied over: the chain holds, the signature does not.
    auto forged = open_store(dir.sub("forged"));
    base(*forged, *key, "Dr A. Lee", 37.0);
    must_append(*forged, at({genuine}, kT0 + 2));
    check_fails(forged->verify(), "signature seq 3 by 'Dr A. Lee' over transaction 1",
                "does not verify");
}

TEST_CASE("verify fails for a signature made with a key the store never registered") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    auto lee = new_key();
    auto stranger = new_key();
    base(*store, *lee, "Dr A. Lee");
    must_append(*store, at({signature_over(*store, *stranger, 1, kT0 + 2, "Dr B")}, kT0 + 2));
    check_fails(store->verify(), "signature seq 3 by 'Dr B' over transaction 1",
                "is not registered in this store before it");
}

TEST_CASE("verify fails for a signature made before its key was registered") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    auto key = new_key();
    must_append(*store, at({make_event("P1", 1, 600)}, kT0));
    must_append(*store, at({signature_over(*store, *key, 1, kT0 + 1, "Dr A. Lee")}, kT0 + 1));
    must_append(*store, at({make_key_registration_event(key->public_key(), "Dr A. Lee")}, kT0 + 2));
    check_fails(store->verify(), "signature seq 2 by 'Dr A. Lee' over transaction 1",
                "is not registered in this store before it");
}

TEST_CASE("a revoked key's earlier signatures verify, later ones fail") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    auto key = new_key();
    base(*store, *key, "Dr A. Lee");
    must_append(*store, at({signature_over(*store, *key, 1, kT0 + 2, "Dr A. Lee")}, kT0 + 2));
    Event revocation = store->event(2).value();
    revocation.correction = Correction::kRetract;
    revocation.target_seq = 2;
    revocation.reason = "laptop stolen";
    revocation.recorded_by.clear();
    revocation.source.clear();
    must_append(*store, at({revocation}, kT0 + 3));  // seq 4
    {
        const VerifyReport report = store->verify();
        INFO(report.problem);
        CHECK(report.ok);
        CHECK(noted(report, "signatures: 1 verified"));
    }
    must_append(*store, at({signature_over(*store, *key, 1, kT0 + 4, "Dr A. Lee")}, kT0 + 4));
    check_fails(store->verify(), "signature seq 5 by 'Dr A. Lee' over transaction 1",
                "was revoked (seq 4) before it");
}

TEST_CASE("verify fails for a signature under another name than its key's holder") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    auto key = new_key();
    base(*store, *key, "Dr A. Lee");
    must_append(*store, at({signature_over(*store, *key, 1, kT0 + 2, "Dr Z. Chief")}, kT0 + 2));
    check_fails(store->verify(), "signature seq 3 by 'Dr Z. Chief' over transaction 1",
                "names a signer other than the holder");
}

TEST_CASE("legacy signatures without a key are counted apart, never as verified") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    must_append(*store, at({make_event("P1", 1, 600)}, kT0, std::string()));
    // As a build before keyed signatures wrote it: a typed name, no account on the transaction.
    must_append(*store,
                at({make_signature_event(1, "reviewed", "Dr A. Lee")}, kT0 + 1, std::string()));
    const VerifyReport report = store->verify();
    INFO(report.problem);
    REQUIRE(report.ok);
    // Never counted as verified.
    CHECK(noted(report, "signatures: 0 verified"));
    CHECK(noted(report, "1 signatures without a key (legacy, names only: seq 2)"));
}

TEST_CASE("a keyless signature in a transaction written since keys exist fails verify") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    must_append(*store, at({make_event("P1", 1, 600)}, kT0));
    must_append(*store, at({make_signature_event(1, "reviewed", "Dr A. Lee")}, kT0 + 1));
    check_fails(store->verify(), "signature seq 2 by 'Dr A. Lee' over transaction 1",
                "carries no key");
}

TEST_CASE("verify fails for a key registration whose key id is not its public key's") {
    TempDir dir;
    auto store = open_store(dir.sub("s"));
    auto key = new_key();
    auto other = new_key();
    Event registration = make_key_registration_event(key->public_key(), "Dr A. Lee");
    registration.code = other->key_id();
    must_append(*store, at({registration}, kT0));
    check_fails(store->verify(), "key registration seq 1", "is malformed");
}

TEST_CASE("a key file needs its passphrase and is written owner-only") {
    TempDir dir;
    auto key = new_key();
    const std::string path = dir.sub("lee.key");
    REQUIRE(key->save(path, path + ".pub", "correct horse battery").is_ok());
    for (const std::string& file : {path, path + ".pub"}) {
        const auto mode = std::filesystem::status(file).permissions();
        CHECK((mode & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) ==
              std::filesystem::perms::none);
    }
    // Never written over.
    CHECK_FALSE(key->save(path, dir.sub("other.pub"), "correct horse battery").is_ok());
    auto wrong = SigningKey::load(path, "wrong horse");
    REQUIRE_FALSE(wrong.is_ok());
    CHECK(wrong.status().message().find("wrong passphrase") != std::string::npos);
    auto loaded = SigningKey::load(path, "correct horse battery");
    INFO(loaded.status().message());
    REQUIRE(loaded.is_ok());
    CHECK(loaded.value()->key_id() == key->key_id());
    // The public file reads back as the same key.
    std::ifstream in(path + ".pub");
    std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto pub = parse_public_key_pem(pem);
    REQUIRE(pub.is_ok());
    CHECK(key_id_of(*pub) == key->key_id());
    // A private key stored without a passphrase is refused.
    std::ofstream(dir.sub("plain.key")) << "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n"
                                           "-----END PRIVATE KEY-----\n";
    auto plain = SigningKey::load(dir.sub("plain.key"), "x");
    REQUIRE_FALSE(plain.is_ok());
    CHECK(plain.status().message().find("not a passphrase-protected") != std::string::npos);
}
