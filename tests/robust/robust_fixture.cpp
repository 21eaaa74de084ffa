// Helpers for the hostile-input tests (see robust_fixture.h).
#include "robust_fixture.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

#include "../importers/direct_import.h"
#include "importers/long_decoder.h"

namespace dayzero::robust {

namespace fs = std::filesystem;

ScratchDir::ScratchDir() {
    std::random_device device;
    const auto name = "dayzero-robust-" + std::to_string(device()) + std::to_string(device());
    path_ = fs::temp_directory_path() / name;
    fs::create_directories(path_);
}

ScratchDir::~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

std::string ScratchDir::write(const std::string& name, const std::string& content) const {
    const auto file = path_ / name;
    std::ofstream out(file, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return file.string();
}

StoreSnapshot snapshot(const store::EventStore& store) {
    StoreSnapshot snap;
    snap.last_seq = store.last_seq();
    snap.last_tx = store.last_tx();
    auto stats = store.stats();
    REQUIRE(stats.is_ok());
    snap.events = stats.value().events;
    snap.patients = stats.value().patients;
    return snap;
}

importers::FileReport import_long(store::EventStore& store, const std::string& path) {
    importers::ImportOptions options;
    options.reason = "robustness test";
    options.recorded_at_us = 1'700'000'000'000'000;
    importers::testing::DirectImporter importer(store, options);
    importers::ImportJob job{path, [path](const importers::DecodeOptions& decode) {
                                 return importers::make_long_decoder(path, decode);
                             }};
    return importer.import(job);
}

std::unique_ptr<store::EventStore> open_seeded_store(const std::string& folder) {
    auto opened = store::EventStore::open(folder);
    REQUIRE(opened.is_ok());
    auto store = std::move(opened.value());
    const std::string seed =
        std::string(DAYZERO_SOURCE_DIR) + "/tests/importers/data/long/cohort_small.csv";
    auto report = import_long(*store, seed);
    INFO(report.message);
    REQUIRE(report.outcome == importers::FileOutcome::kImported);
    return store;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string hostile_file(const std::string& name) {
    const std::string path = std::string(DAYZERO_SOURCE_DIR) + "/tests/hostile/" + name;
    REQUIRE(std::filesystem::exists(path));
    return read_text(path);
}

std::string copy_hostile(const ScratchDir& dir, const std::string& name) {
    return dir.write(name, hostile_file(name));
}

std::string all_errors(const importers::FileReport& report) {
    std::string text = report.message;
    for (const auto& problem : report.errors)
        text += "\n" + problem.to_string();
    return text;
}

}  // namespace dayzero::robust
