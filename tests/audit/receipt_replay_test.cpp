// Through the real `dayzero` binary: receipts (verify prints one, --expect checks one, a deleted
// last transaction is caught by the commit point, and without it only against a receipt), stored
// read models compared with a rebuild, and replay --load committing nothing of a stream it cannot
// verify (issue #20, items 2-4).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "audit_fixture.h"
#include "store/codec.h"
#include "tests/store/raw_db.h"

using namespace dayzero;
using namespace dayzero::audit_test;
using dayzero::store::testing::RawDb;
namespace codec = dayzero::store::codec;

namespace {

const std::string kBinary = DAYZERO_BINARY;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The receipt token on a "receipt: ..." line of `out` ("" when none).
std::string receipt_in(const std::string& out) {
    std::smatch m;
    static const std::regex line("receipt: (dayzero-receipt/[0-9]+/[0-9a-f]{64}/[^\\s]+)");
    return std::regex_search(out, m, line) ? m[1].str() : std::string();
}

CommandOutput verify(const std::string& db, const std::string& expect = "") {
    return run_command(kBinary + " verify --db " + db +
                       (expect.empty() ? "" : " --expect " + expect));
}

// Removes the fixture's last transaction (5: a signature, seq 8, the only event of the
// "~signatures" patient) from the raw database and rewrites every counter to match transaction
// 4, as an attacker with file access would.
void delete_last_transaction(const std::string& path) {
    RawDb raw(path);
    codec::TxRecord four;
    REQUIRE(codec::decode_tx(raw.get(codec::kCfTx, codec::tx_key(4)), 4, four));
    const std::string sig_id = raw.get(codec::kCfPatients, codec::patient_name_key("~signatures"));
    const uint32_t compact = codec::get_u32_be(sig_id.data() + 1);
    raw.remove(codec::kCfTx, codec::tx_key(5));
    raw.remove(codec::kCfLog, codec::log_key(8));
    raw.remove(codec::kCfTimeline, codec::timeline_patient_key(compact));
    raw.remove(codec::kCfPatients, codec::patient_name_key("~signatures"));
    raw.remove(codec::kCfPatients, codec::patient_id_key(compact));
    raw.put(codec::kCfMeta, std::string(codec::kMetaLastSeq), codec::encode_u64_value(7));
    raw.put(codec::kCfMeta, std::string(codec::kMetaLastTx), codec::encode_u64_value(4));
    raw.put(codec::kCfMeta, std::string(codec::kMetaNextPatient), codec::encode_u32_value(compact));
    raw.put(codec::kCfMeta, std::string(codec::kMetaHead),
            codec::encode_bytes_value(std::string_view(
                reinterpret_cast<const char*>(four.hash.data()), four.hash.size())));
}

}  // namespace

TEST_CASE("receipts: verify prints one and --expect accepts it, now and after more history") {
    TempDir dir;
    const std::string db = dir.path("s");
    {
        auto store = open_store(db);
        populate(*store);
    }
    auto first = verify(db);
    INFO(first.out << first.err);
    REQUIRE(first.status == 0);
    const std::string receipt = receipt_in(first.out);
    REQUIRE(contains(receipt, "dayzero-receipt/5/"));
    CHECK(verify(db, receipt).status == 0);
    // A signer's key (transaction 6 registers it), then a signature (transaction 7).
    const std::string key = dir.path("b.key");
    const std::string pass = "DZ_TEST_PASS='correct horse battery' ";
    REQUIRE(run_command(pass + kBinary + " keygen --out " + key + " --passphrase-env DZ_TEST_PASS")
                .status == 0);
    REQUIRE(run_command(kBinary + " register-key " + key +
                        ".pub --name 'Dr B' --reason joins --db " + db)
                .status == 0);
    auto signed_again = run_command(pass + kBinary + " sign 2 --meaning approved --key " + key +
                                    " --passphrase-env DZ_TEST_PASS --db " + db);
    INFO(signed_again.err);
    REQUIRE(signed_again.status == 0);
    const std::string sign_receipt = receipt_in(signed_again.out);
    CHECK(contains(sign_receipt, "dayzero-receipt/7/"));
    auto later = verify(db, receipt);
    CHECK(later.status == 0);
    CHECK(contains(later.out, "extends receipt " + receipt));
    CHECK(verify(db, sign_receipt).status == 0);
    auto malformed = verify(db, "dayzero-receipt/x/00/now");
    CHECK(malformed.status == 1);
    CHECK(contains(malformed.err, "is not a number"));
}

TEST_CASE(
    "receipts: a deleted last transaction with counters fixed is refused by the commit point; "
    "with that deleted too it passes verify alone, never a receipt") {
    TempDir dir;
    const std::string db = dir.path("s");
    {
        auto store = open_store(db);
        populate(*store);
    }
    const std::string receipt = receipt_in(verify(db).out);
    REQUIRE_FALSE(receipt.empty());
    delete_last_transaction(db);
    // The store's own commit point still names transaction 5.
    auto refused = verify(db);
    CHECK(refused.status != 0);
    CHECK(contains(refused.out + refused.err, "lost committed transactions"));
    // An attacker who also deletes the commit point leaves a chain that is whole: only the
    // receipt shows what is gone.
    std::filesystem::remove(std::filesystem::path(db) / "DAYZERO-COMMITTED");
    auto alone = verify(db);
    INFO(alone.out);
    CHECK(alone.status == 0);
    auto against = verify(db, receipt);
    CHECK(against.status == 3);
    CHECK(contains(against.out, "the store ends at transaction 4"));
    CHECK(contains(against.out, "truncated or rolled back"));
}

TEST_CASE("verify: a stored cohort summary edited behind dayzero's back is reported") {
    TempDir dir;
    const std::string db = dir.path("s");
    const std::string csv = std::string(DAYZERO_SOURCE_DIR) + "/tests/e2e/audit/mini_events.csv";
    auto imported = run_command(kBinary + " import --db " + db + " " + csv);
    INFO(imported.err);
    REQUIRE(imported.status == 0);
    CHECK(contains(imported.out, "receipt: dayzero-receipt/1/"));
    REQUIRE(verify(db).status == 0);
    {
        RawDb raw(db);
        const std::string key = codec::projection_key("query.summaries", "sA01");
        std::string value = raw.get(codec::kCfProjections, key);
        value.back() = static_cast<char>(value.back() ^ 0x01);
        raw.put(codec::kCfProjections, key, value);
    }
    auto report = verify(db);
    CHECK(report.status == 3);
    CHECK(contains(report.out, "query.summaries: entry 'sA01' differs from a rebuild"));
}

TEST_CASE("replay --load commits nothing of a stream without hashes or with an altered one") {
    TempDir dir;
    const std::string db = dir.path("s");
    {
        auto store = open_store(db);
        populate(*store);
    }
    const std::string stream = dir.path("stream.jsonl");
    REQUIRE(run_command(kBinary + " replay --db " + db + " --out " + stream).status == 0);
    const std::string text = read_file(stream);

    // Hashes blanked: refused, naming --rehash; the new store holds nothing.
    const std::string blank = dir.path("blank.jsonl");
    std::ofstream(blank) << std::regex_replace(text, std::regex("\"hash\":\"[0-9a-f]{64}\""),
                                               "\"hash\":\"\"");
    auto refused = run_command(kBinary + " replay --load " + blank + " --db " + dir.path("b"));
    CHECK(refused.status == 1);
    CHECK(contains(refused.err, "transaction 1 carries no hash"));
    CHECK(open_store(dir.path("b"), true)->last_tx() == 0);

    // The last transaction altered: the four before it are not committed either, and the
    // message does not show the hash the altered transaction computes to.
    const std::string altered = dir.path("altered.jsonl");
    std::string edited = text;
    const size_t sig = edited.rfind("\"approved\"");  // the signature's meaning
    REQUIRE(sig != std::string::npos);
    edited[sig + 1] = 'A';
    std::ofstream(altered) << edited;
    auto bad = run_command(kBinary + " replay --load " + altered + " --db " + dir.path("c"));
    CHECK(bad.status == 1);
    CHECK(contains(bad.err, "transaction 5 does not hash to the value the stream records"));
    CHECK_FALSE(std::regex_search(bad.err, std::regex("[0-9a-f]{64}")));
    CHECK(open_store(dir.path("c"), true)->last_tx() == 0);
    for (const auto& entry : std::filesystem::directory_iterator(dir.path("")))
        CHECK_FALSE(contains(entry.path().filename().string(), "replay-check"));

    // --rehash loads the blanked stream, and verify says the history was re-hashed.
    auto rehashed =
        run_command(kBinary + " replay --load " + blank + " --rehash --db " + dir.path("d"));
    INFO(rehashed.err);
    CHECK(rehashed.status == 0);
    CHECK(contains(rehashed.out, "marked transactions 1..5 as re-hashed"));
    auto checked = verify(dir.path("d"));
    CHECK(checked.status == 0);
    CHECK(contains(checked.out, "note: transactions 1..5 were re-hashed by 'replay --rehash'"));
}
