// Audit statements of the language: amend, retract, history, sign, as of and diff.
#include <catch2/catch.hpp>

#include <algorithm>

#include "crs_fixture.h"
#include "store/ed25519.h"

using namespace dayzero;
using namespace dayzero::query;
using namespace dayzero::query::testing;

namespace {

// The seq of P008's only fever reading (day 4, 38.6 C).
uint64_t fever_seq(QueryEngine& engine) {
    const QueryResult r = run(engine, "events P008 days 4 to 4 kinds temp;");
    REQUIRE(r.rows.size() == 1);
    return static_cast<uint64_t>(std::get<int64_t>(r.rows[0][col(r, "seq")]));
}

}  // namespace

TEST_CASE("amend needs a reason; history shows both values; as of gives both answers") {
    TempStore db;
    fill_fixture(db);
    auto database = db.take_as_database();
    QueryEngine engine(database->store(), database.get());
    const uint64_t seq = fever_seq(engine);
    const uint64_t before = database->store().last_seq();
    QueryResult r = run(engine, "amend " + std::to_string(seq) + " value 37.1 C reason '';", false);
    CHECK(r.error.find("needs a non-empty reason") != std::string::npos);
    r = run(engine, "amend " + std::to_string(seq) + " value 37.1;", false);
    CHECK(r.error.rfind("Syntax error", 0) == 0);
    r = run(engine, "amend " + std::to_string(seq) + " value 37.1 C reason 'wrong patient chart';");
    CHECK(r.message.find("amended seq " + std::to_string(seq)) == 0);

    r = run(engine, "history P008;");
    bool saw_old = false, saw_new = false;
    for (size_t i = 0; i < r.rows.size(); ++i) {
        if (cell(r, i, "status").find("AMENDED by seq") != std::string::npos) {
            saw_old = cell(r, i, "value") == "38.6";
        }
        if (cell(r, i, "status").find("amends seq") != std::string::npos) {
            saw_new =
                cell(r, i, "value") == "37.1" && cell(r, i, "reason") == "wrong patient chart";
        }
    }
    CHECK(saw_old);
    CHECK(saw_new);

    CHECK(cell(run(engine, "count patients where crs;"), 0, "n") == "9");
    CHECK(cell(run(engine, "count patients where crs as of seq " + std::to_string(before) + ";"), 0,
               "n") == "10");
}

TEST_CASE("retract hides an event now but not as of before; diff lists the change") {
    TempStore db;
    fill_fixture(db);
    auto database = db.take_as_database();
    QueryEngine engine(database->store(), database.get());
    const uint64_t seq = fever_seq(engine);
    const uint64_t before = database->store().last_seq();
    run(engine, "retract " + std::to_string(seq) + " reason 'duplicate entry';");
    CHECK(run(engine, "events P008 days 4 to 4 kinds temp;").rows.empty());
    CHECK(
        run(engine, "events P008 days 4 to 4 kinds temp as of seq " + std::to_string(before) + ";")
            .rows.size() == 1);
    QueryResult r = run(engine, "diff seq " + std::to_string(before) + " to now;");
    REQUIRE(r.rows.size() == 1);
    CHECK(cell(r, 0, "change") == "retracted");
    CHECK(cell(r, 0, "target") == std::to_string(seq));
    CHECK(cell(r, 0, "reason") == "duplicate entry");
    r = run(engine, "diff seq " + std::to_string(before) + " to now on episodes P008;");
    REQUIRE(r.rows.size() == 1);
    CHECK(cell(r, 0, "change") == "-");
    CHECK(cell(r, 0, "patient") == "P008");
}

TEST_CASE("diff ... on refuses a statement that writes, and nothing is written") {
    TempStore db;
    fill_fixture(db);
    auto database = db.take_as_database();
    QueryEngine engine(database->store(), database.get());
    run(engine, "cohort hot = patients where max_grade >= 2;");
    const uint64_t before = database->store().last_seq();
    for (const std::string inner :
         {"save cohort hot reason 'kept';", "amend 1 value 37.0 C reason 'x';",
          "retract 1 reason 'x';", "cohort c = patients where crs;"}) {
        const QueryResult r = run(engine, "diff seq 1 to now on " + inner, false);
        CHECK(r.error.find("diff ... on needs a query statement") != std::string::npos);
    }
    CHECK(database->store().last_seq() == before);
}

TEST_CASE("sign ... using a key file signs with the key; history shows it next to the tx") {
    TempStore db;
    fill_fixture(db);
    std::string passphrase = "correct horse battery";
    db::DatabaseOptions options;
    options.passphrase = [&passphrase](const std::string&) {
        return store::Result<std::string>(passphrase);
    };
    auto database = db.take_as_database(options);
    const std::string key_path = db.path() + "-lee.key";
    std::filesystem::remove(key_path);
    std::filesystem::remove(key_path + ".pub");
    auto key = store::SigningKey::generate();
    REQUIRE(key.is_ok());
    REQUIRE(key.value()->save(key_path, key_path + ".pub", passphrase).is_ok());
    auto pem = key.value()->public_key_pem();
    REQUIRE(pem.is_ok());
    REQUIRE(database->register_key(*pem, "Dr Lee", "investigator joins", "admin").is_ok());
    QueryEngine engine(database->store(), database.get());
    const std::string using_key = " using '" + key_path + "';";

    QueryResult r = run(engine, "sign tx 99 meaning 'reviewed'" + using_key, false);
    CHECK(r.error.find("no transaction 99") != std::string::npos);
    // A typed name alone signs nothing.
    r = run(engine, "sign tx 1 meaning 'reviewed' by 'Dr Lee';", false);
    CHECK(r.error.find("made with the signer's own key") != std::string::npos);
    r = run(engine, "sign tx 1 meaning 'reviewed' by 'Dr Other'" + using_key, false);
    CHECK(r.error.find("registered to 'Dr Lee', not 'Dr Other'") != std::string::npos);
    passphrase = "wrong horse";
    r = run(engine, "sign tx 1 meaning 'reviewed'" + using_key, false);
    CHECK(r.error.find("wrong passphrase") != std::string::npos);
    passphrase = "correct horse battery";
    r = run(engine, "sign tx 1 meaning 'reviewed' by 'Dr Lee'" + using_key);
    CHECK(r.message.find("tx 1 signed 'reviewed' by Dr Lee") == 0);
    r = run(engine, "history P001;");
    CHECK(cell(r, 0, "signed").find("reviewed by Dr Lee") == 0);
    CHECK(cell(r, 0, "signed").find("key " + key.value()->key_id().substr(0, 24)) !=
          std::string::npos);
    {
        const store::VerifyReport report = database->store().verify();
        INFO(report.problem);
        CHECK(report.ok);
        CHECK(std::any_of(report.notes.begin(), report.notes.end(), [](const std::string& n) {
            return n.find("signatures: 1 verified") != std::string::npos;
        }));
    }
    // Signatures and keys are not patients.
    CHECK(cell(run(engine, "count patients;"), 0, "n") == "12");
    for (const auto& row : run(engine, "show patients;").rows)
        CHECK(std::get<std::string>(row[0]).rfind('~', 0) != 0);
    std::filesystem::remove(key_path);
    std::filesystem::remove(key_path + ".pub");
}

TEST_CASE("a statement that names a key is refused when nothing can ask for its passphrase") {
    TempStore db;
    fill_fixture(db);
    auto database = db.take_as_database();
    QueryEngine engine(database->store(), database.get());
    QueryResult r = run(engine, "sign tx 1 meaning 'reviewed' using '/nonexistent.key';", false);
    CHECK(r.error.find("nothing here can ask for the passphrase") != std::string::npos);
}

TEST_CASE("writes are refused on a read-only store, queries still run") {
    TempStore db;
    fill_fixture(db);
    db.reopen(true);
    // The writer is the one that refuses: the engine of a read-only session still has one.
    auto database = db.take_as_database();
    QueryEngine engine(database->store(), database.get());
    QueryResult r = run(engine, "retract 1 reason 'x';", false);
    CHECK(r.error.find("read-only") != std::string::npos);
    r = run(engine, "sign tx 1 meaning 'approved' by boss;", false);
    CHECK(r.error.find("read-only") != std::string::npos);
    r = run(engine, "amend 1 value 39.0 reason 'x';", false);
    CHECK(r.error.find("read-only") != std::string::npos);
    CHECK(run(engine, "history seq 1;").rows.size() == 1);
}

TEST_CASE("a session without a writer refuses statements that write") {
    TempStore db;
    fill_fixture(db);
    QueryEngine engine(db.store());
    const QueryResult r = run(engine, "retract 1 reason 'x';", false);
    CHECK(r.error.find("this session cannot write") != std::string::npos);
    CHECK(run(engine, "history seq 1;").rows.size() == 1);
}

TEST_CASE("as of an instant and a malformed instant") {
    TempStore db;
    fill_fixture(db);
    QueryEngine engine(db.store());
    // The fixture's first transaction is recorded at 2026-05-28T...; nothing before that date.
    CHECK(cell(run(engine, "count patients as of '2020-01-01';"), 0, "n") == "0");
    CHECK(cell(run(engine, "count patients as of '2030-01-01T00:00:00Z';"), 0, "n") == "12");
    const QueryResult r = run(engine, "count patients as of 'yesterday';", false);
    CHECK(r.error.rfind("Type error", 0) == 0);
}
