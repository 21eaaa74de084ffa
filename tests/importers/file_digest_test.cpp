// The identity of a file: its SHA-256 as "sha256:<hex>", and an error naming a file it cannot
// read.
#include <catch2/catch.hpp>

#include <fstream>

#include "importers/file_digest.h"
#include "test_files.h"

using namespace dayzero::importers;
using dayzero::importers::testing::ScratchDir;

TEST_CASE("file digest: the SHA-256 of the bytes, and an error naming a missing file") {
    ScratchDir dir;
    const std::string path = (dir.path() / "abc.csv").string();
    std::ofstream(path, std::ios::binary) << "abc";
    const auto digest = file_digest(path);
    REQUIRE(digest.is_ok());
    // FIPS 180-2's example: SHA-256("abc").
    CHECK(digest.value() ==
          "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(text_digest("abc") == digest.value());
    const auto missing = file_digest((dir.path() / "none.csv").string());
    REQUIRE_FALSE(missing.is_ok());
    CHECK(missing.status().message().find("none.csv: cannot open") != std::string::npos);
}
