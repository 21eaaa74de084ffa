// The audit subcommands driven through the real `dayzero` binary: replay round trip, audit-trail
// export, amend/retract/sign, and read-only refusal of every write command.
#include <catch2/catch.hpp>

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include "audit_fixture.h"
#include "shell/audit_csv.h"

using namespace dayzero;
using namespace dayzero::audit_test;

namespace {

const std::string kBinary = DAYZERO_BINARY;

void make_store(const std::string& path) {
    auto store = open_store(path);
    populate(*store);
}

uint64_t last_seq_of(const std::string& path) {
    return open_store(path, true)->last_seq();
}

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::vector<std::string>> rows;
    int line = 0;
    std::string error;
    while (auto row = shell::audit::read_csv_record(in, line, error))
        rows.push_back(*row);
    REQUIRE(error.empty());
    return rows;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("cli: replay streams a store that replay --load rebuilds identically") {
    TempDir dir;
    make_store(dir.path("a"));
    for (const std::string format : {"json", "csv"}) {
        const std::string stream = dir.path("stream." + format);
        const std::string rebuilt = dir.path("b-" + format);
        auto out = run_command(kBinary + " replay --db " + dir.path("a") + " --format " + format +
                               " --out " + stream);
        INFO(out.err);
        REQUIRE(out.status == 0);
        auto load = run_command(kBinary + " replay --load " + stream + " --db " + rebuilt);
        INFO(load.err);
        REQUIRE(load.status == 0);
        CHECK(contains(load.out, "replayed 5 transactions, 8 events"));
        auto a = open_store(dir.path("a"), true);
        auto b = open_store(rebuilt, true);
        const auto ea = all_events(*a);
        const auto eb = all_events(*b);
        REQUIRE(ea.size() == eb.size());
        for (size_t i = 0; i < ea.size(); ++i)
            CHECK(describe(ea[i]) == describe(eb[i]));
        CHECK(a->transaction(5)->hash_hex == b->transaction(5)->hash_hex);
        CHECK(b->verify().ok);
    }
}

TEST_CASE("cli: replay to stdout honours --to and --until and rejects a bad instant") {
    TempDir dir;
    make_store(dir.path("a"));
    auto to = run_command(kBinary + " replay --db " + dir.path("a") + " --to 5");
    REQUIRE(to.status == 0);
    CHECK(std::count(to.out.begin(), to.out.end(), '\n') == 3);  // header + tx 1 + tx 2
    auto until = run_command(kBinary + " replay --db " + dir.path("a") +
                             " --until 2026-01-10T23:00Z --format csv");
    REQUIRE(until.status == 0);
    CHECK(contains(until.out, "2026-01-10T09:00:00.000000Z"));
    CHECK_FALSE(contains(until.out, "2026-01-11T10:00:00.000000Z"));
    auto bad = run_command(kBinary + " replay --db " + dir.path("a") + " --until tomorrow");
    CHECK(bad.status != 0);
    CHECK(contains(bad.err, "--until: 'tomorrow'"));
    auto missing = run_command(kBinary + " replay --db " + dir.path("nowhere"));
    CHECK(missing.status != 0);
    CHECK(contains(missing.err, "no dayzero store at"));
}

TEST_CASE("cli: audit export writes one row per transaction and per event") {
    TempDir dir;
    make_store(dir.path("a"));
    const std::string trail = dir.path("trail.csv");
    auto out = run_command(kBinary + " audit export --db " + dir.path("a") + " --out " + trail);
    INFO(out.err);
    REQUIRE(out.status == 0);
    CHECK(contains(out.out, "5 transactions, 8 events (1 signatures)"));
    const auto rows = read_csv(trail);
    REQUIRE(rows.size() == 1 + 5 + 8);
    CHECK(rows[0][0] == "record");
    CHECK(rows[1][0] == "transaction");
    CHECK(rows[1][3] == "2026-01-10T09:00:00.000000Z");
    CHECK(rows[1][4] == "importer");
    CHECK(rows[0][5] == "os_account");
    const passwd* pw = ::getpwuid(::geteuid());
    REQUIRE(pw != nullptr);
    CHECK(rows[1][5] == pw->pw_name);  // the account that ran the append, beside the author
    CHECK(rows[2][5] == pw->pw_name);  // and on each of its events
    CHECK(rows[2][0] == "event");
    CHECK(rows[2][2] == "1");
    CHECK(rows[2][7] == "2");  // source line
    CHECK(rows[2][13] == "38.5");
    CHECK(rows[2][21] == "amended by seq 6");
    // The dose note starts with '=': guarded so no spreadsheet evaluates it.
    CHECK(rows[5][17].rfind("'=HYPERLINK(", 0) == 0);
    CHECK(contains(rows[5][17], "\nsecond line"));
    // Transaction 3 (the amendment) carries its signature; so do its events.
    const auto& tx3 = rows[8];
    REQUIRE(tx3[0] == "transaction");
    CHECK(tx3[1] == "3");
    CHECK(tx3[20] == "transcription error: 38.5 was the next patient's value");
    CHECK(contains(tx3[22], "approved by Dr Lee"));
    CHECK(contains(tx3[22], "no key"));  // the fixture's signature is a legacy one
    CHECK(contains(rows[9][22], "approved by Dr Lee"));
    CHECK(rows[9][18] == "amend");
    CHECK(rows[9][19] == "1");
    // The legacy signature's transaction was recorded before accounts were: none is shown.
    CHECK(rows[12][0] == "transaction");
    CHECK(rows[12][1] == "5");
    CHECK(rows[12][5].empty());
}

TEST_CASE("cli: audit export marks a correction a later one replaced as superseded") {
    // Seq 1 was amended by seq 6 in the fixture; amended again, seq 6 is no longer what
    // statements read: the trail said "current" for both amendments.
    TempDir dir;
    make_store(dir.path("a"));
    const std::string db = " --db " + dir.path("a");
    auto again = run_command(kBinary + " amend 1 --value 39.1 --reason 'second look' --by dm" + db);
    INFO(again.err);
    REQUIRE(again.status == 0);
    const std::string trail = dir.path("trail.csv");
    REQUIRE(run_command(kBinary + " audit export" + db + " --out " + trail).status == 0);
    std::map<std::string, std::string> status;  // seq -> status, of the event rows
    for (const auto& row : read_csv(trail)) {
        if (row.size() > 21 && row[0] == "event") status[row[2]] = row[21];
    }
    CHECK(status["1"] == "amended by seq 6; amended by seq 9");
    CHECK(status["6"] == "superseded by seq 9");
    CHECK(status["9"] == "current");
    CHECK(status["2"] == "current");
}

TEST_CASE("cli: amending a weight names the doses converted with it, which stay as stored") {
    // 8 mg/kg at 17 kg was stored as 136 mg; the weight amended to 71 kg leaves the dose at
    // 136 mg (an import with --corrections would amend it too), so the amend says so.
    TempDir dir;
    const std::string csv = dir.path("w.csv");
    std::ofstream(csv) << "patient_id,day,time,kind,code,value,unit,note\n"
                          "W01,-3,,baseline,weight_kg,17,kg,\n"
                          "W01,0,09:00,infusion,axi-cel,2,10^6 cells/kg,\n"
                          "W01,1,10:00,dose,tocilizumab,8,mg/kg,\n"
                          "W01,1,11:00,dose,dexamethasone,10,mg,\n";
    const std::string db = " --db " + dir.path("w");
    REQUIRE(run_command(kBinary + " import" + db + " " + csv).status == 0);
    auto weight = run_command(kBinary + " amend 1 --value 71 --reason typo" + db);
    INFO(weight.err);
    REQUIRE(weight.status == 0);
    CHECK(contains(weight.out,
                   "note: 1 dose(s) of W01 written per kg were converted to mg with the patient's "
                   "weight_kg of their day when imported, and are stored as they were: seq 3 "
                   "(tocilizumab, 8 mg/kg on day 1: 136 mg); amend them too if they should "
                   "follow"));
    auto dose = run_command(kBinary + " amend 4 --value 12 --reason typo" + db);
    REQUIRE(dose.status == 0);
    CHECK_FALSE(contains(dose.out, "note:"));  // not a body size
}

TEST_CASE("cli: amend and retract need a reason; with one they record a correction") {
    TempDir dir;
    make_store(dir.path("a"));
    const std::string db = " --db " + dir.path("a");
    auto no_reason = run_command(kBinary + " amend 2 --value 12" + db);
    CHECK(no_reason.status != 0);
    CHECK(contains(no_reason.err, "reason is mandatory"));
    auto retract_no_reason = run_command(kBinary + " retract 2" + db);
    CHECK(retract_no_reason.status != 0);
    CHECK(contains(retract_no_reason.err, "reason is mandatory"));
    CHECK(last_seq_of(dir.path("a")) == 8);

    auto amended = run_command(kBinary + " amend 2 --value 12 --reason 'lab re-run' --by dm" + db);
    INFO(amended.err);
    REQUIRE(amended.status == 0);
    CHECK(contains(amended.out, "amend: recorded seq 9 in transaction 6"));
    auto retracted = run_command(kBinary + " retract 3 --reason 'wrong patient' --by dm" + db);
    REQUIRE(retracted.status == 0);
    auto store = open_store(dir.path("a"), true);
    CHECK(store->event(9)->value == 12);
    CHECK(store->event(9)->reason == "lab re-run");
    CHECK(store->event(10)->correction == store::Correction::kRetract);
    CHECK(store->verify().ok);
}

TEST_CASE("cli: every write command refuses --read-only and leaves the store unchanged") {
    TempDir dir;
    make_store(dir.path("a"));
    {
        std::ofstream csv(dir.path("more.csv"));
        csv << "patient_id,day,kind,value,unit\nP009,0,temp,37.0,C\n";
        std::ofstream script(dir.path("import.dz"));
        script << ".import " << dir.path("more.csv") << "\n";
    }
    auto stream =
        run_command(kBinary + " replay --db " + dir.path("a") + " --out " + dir.path("s.jsonl"));
    REQUIRE(stream.status == 0);
    const std::string db = " --read-only --db " + dir.path("a");
    const std::vector<std::string> writes = {
        "amend 1 --value 36.6 --reason 'try'" + db,
        "retract 1 --reason 'try'" + db,
        "sign 1 --meaning approved --by 'Dr Lee'" + db,
        "register-key " + dir.path("lee.key.pub") + " --name 'Dr Lee' --reason 'new'" + db,
        "revoke-key ed25519:00 --reason 'lost'" + db,
        "replay --load " + dir.path("s.jsonl") + db,
        "import " + dir.path("more.csv") + db,
        "query \"amend 1 value 36.6 C reason 'try';\"" + db,
        "query \"retract 1 reason 'try';\"" + db,
        "query \"sign tx 1 meaning 'approved' by 'Dr Lee';\"" + db,
        "shell" + db + " -f " + dir.path("import.dz"),
    };
    for (const auto& command : writes) {
        auto out = run_command(kBinary + " " + command);
        INFO(command << "\n" << out.err);
        CHECK(out.status != 0);
        CHECK(contains(out.err, "read-only"));
    }
    CHECK(last_seq_of(dir.path("a")) == 8);
}
