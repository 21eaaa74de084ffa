// Signatures through the real `dayzero` binary: keygen, register-key, sign --key, revoke-key and
// what verify reports, with the refusals a signer meets (no key, wrong passphrase, unregistered
// key, unknown transaction) and legacy name-only signatures never reported as verified.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "audit_fixture.h"

using namespace dayzero;
using namespace dayzero::audit_test;

namespace {

const std::string kBinary = DAYZERO_BINARY;
// Passphrases reach the binary through an environment variable, never its command line.
const std::string kWithPass = "DZ_TEST_PASS='correct horse battery' ";
const std::string kPassOpt = " --passphrase-env DZ_TEST_PASS";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Creates key file `path` (and path.pub) with the test passphrase.
void keygen(const std::string& path) {
    auto out = run_command(kWithPass + kBinary + " keygen --out " + path + kPassOpt);
    INFO(out.err);
    REQUIRE(out.status == 0);
    REQUIRE(contains(out.out, "key ed25519:"));
}

CommandOutput sign(const std::string& db, const std::string& tx, const std::string& key,
                   const std::string& pass_prefix = kWithPass) {
    return run_command(pass_prefix + kBinary + " sign " + tx + " --meaning approved --key " + key +
                       kPassOpt + " --db " + db);
}

}  // namespace

TEST_CASE("cli: a registered key signs; verify checks it and counts legacy names apart") {
    TempDir dir;
    const std::string db = dir.path("a");
    {
        auto store = open_store(db);
        populate(*store);  // its signature (seq 8) is a legacy one: a typed name
    }
    const std::string key = dir.path("lee.key");
    keygen(key);
    struct stat st {};
    REQUIRE(::stat(key.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);

    // Not registered yet: refused, nothing written.
    auto early = sign(db, "3", key);
    CHECK(early.status != 0);
    CHECK(contains(early.err, "is not registered in this store"));

    auto registered = run_command(kBinary + " register-key " + key + ".pub --name 'Dr A. Lee' " +
                                  "--reason 'investigator joins' --by admin --db " + db);
    INFO(registered.err);
    REQUIRE(registered.status == 0);
    CHECK(contains(registered.out, "registered to Dr A. Lee"));

    auto wrong_pass = sign(db, "3", key, "DZ_TEST_PASS='wrong horse' ");
    CHECK(wrong_pass.status != 0);
    CHECK(contains(wrong_pass.err, "wrong passphrase"));
    auto unknown_tx = sign(db, "99", key);
    CHECK(unknown_tx.status != 0);
    CHECK(contains(unknown_tx.err, "no transaction 99"));
    auto name_only =
        run_command(kBinary + " sign 3 --meaning approved --by 'Dr A. Lee' --db " + db);
    CHECK(name_only.status != 0);
    CHECK(contains(name_only.err, "made with the signer's own key"));
    CHECK(open_store(db, true)->last_seq() == 9);  // the registration only

    auto signed_tx = sign(db, "3", key);
    INFO(signed_tx.err);
    REQUIRE(signed_tx.status == 0);
    CHECK(contains(signed_tx.out, "by Dr A. Lee"));
    CHECK(contains(signed_tx.out, "receipt: dayzero-receipt/"));

    auto verified = run_command(kBinary + " verify --db " + db);
    INFO(verified.out << verified.err);
    CHECK(verified.status == 0);
    CHECK(contains(verified.out, "signatures: 1 verified (Ed25519) against the 1 registered key"));
    CHECK(contains(verified.out, "1 signatures without a key (legacy, names only: seq 8)"));

    auto history =
        run_command(kBinary + " query --read-only --db " + db + " --format csv 'history seq 6;'");
    INFO(history.err);
    CHECK(contains(history.out, "approved by Dr A. Lee"));
    CHECK(contains(history.out, "key ed25519:"));
    CHECK(contains(history.out, "approved by Dr Lee"));
    CHECK(contains(history.out, "no key"));

    // Revoked: the key signs no more, its earlier signature still verifies.
    auto revoked = run_command(kBinary + " revoke-key " + key + ".pub --reason 'laptop stolen' " +
                               "--db " + db);
    INFO(revoked.err);
    REQUIRE(revoked.status == 0);
    auto after = sign(db, "1", key);
    CHECK(after.status != 0);
    CHECK(contains(after.err, "revoked"));
    CHECK(run_command(kBinary + " verify --db " + db).status == 0);
}

TEST_CASE("cli: keygen refuses a short passphrase and never overwrites a key file") {
    TempDir dir;
    const std::string key = dir.path("k.key");
    auto short_pass =
        run_command("DZ_TEST_PASS=short " + kBinary + " keygen --out " + key + kPassOpt);
    CHECK(short_pass.status != 0);
    CHECK(contains(short_pass.err, "at least"));
    keygen(key);
    auto again = run_command(kWithPass + kBinary + " keygen --out " + key + kPassOpt);
    CHECK(again.status != 0);
    CHECK(contains(again.err, "never replaced"));
    auto no_var = run_command(kBinary + " keygen --out " + dir.path("x.key") +
                              " --passphrase-env DZ_NOT_SET_ANYWHERE");
    CHECK(no_var.status != 0);
    CHECK(contains(no_var.err, "DZ_NOT_SET_ANYWHERE"));
}
