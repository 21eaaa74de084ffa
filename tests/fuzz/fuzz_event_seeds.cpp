// Writes the seed corpus of fuzz_event_decoder: the stored bytes of real events (every row of the
// long-format fixtures, encoded as the store encodes them, plus an amend and a retract), of
// transaction records and of timeline pages (each patient's records as one page). Usage:
// fuzz_event_seeds <output folder>. The output is committed under
// tests/fuzz/corpus/fuzz_event_decoder/; re-run it when the record format changes.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "importers/long_decoder.h"
#include "store/codec.h"

using namespace dayzero;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& folder, const std::string& name, const std::string& bytes) {
    std::ofstream out(folder / name, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The events of the committed long-format fixtures.
std::vector<store::Event> fixture_events() {
    std::vector<store::Event> events;
    for (const char* file :
         {"/tests/importers/data/long/cohort_small.csv", "/tests/e2e/audit/mini_events.csv"}) {
        auto decoded = importers::decode_long_csv(std::string(DAYZERO_SOURCE_DIR) + file);
        for (auto& event : decoded.events)
            events.push_back(std::move(event));
    }
    return events;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: fuzz_event_seeds <output folder>\n";
        return 2;
    }
    const fs::path folder = argv[1];
    fs::create_directories(folder);
    auto events = fixture_events();
    if (events.empty()) {
        std::cerr << "fuzz_event_seeds: no fixture events found\n";
        return 1;
    }
    // Corrections and events with their own author/source/reason cover the optional fields.
    store::Event amend = events.front();
    amend.correction = store::Correction::kAmend;
    amend.target_seq = 1;
    amend.reason = "transcription error";
    store::Event retract = events.back();
    retract.correction = store::Correction::kRetract;
    retract.target_seq = 2;
    retract.reason = "wrong patient";
    store::Event own = events.front();
    own.recorded_by = "site-7 data manager";
    own.source = "shell";
    own.reason = "late entry";
    events.push_back(amend);
    events.push_back(retract);
    events.push_back(own);

    uint64_t seq = 0;
    std::map<std::string, std::string> pages;  // patient -> page
    for (auto& event : events) {
        event.seq = ++seq;
        event.tx = 1 + seq / 8;
        event.source_line = static_cast<uint32_t>(seq + 1);
        std::string bytes;
        store::codec::encode_record(event, static_cast<uint32_t>(seq % 5), "", "", bytes);
        write(folder, "record_" + std::to_string(seq) + ".bin", bytes);
        store::codec::append_page_entry(seq, bytes, pages[event.patient_id]);
    }
    for (const auto& [patient, page] : pages)
        write(folder, "page_" + patient + ".bin", page);
    store::codec::TxRecord tx;
    tx.tx = 1;
    tx.first_seq = 1;
    tx.last_seq = seq;
    tx.recorded_at_us = 1'700'000'000'000'000;
    tx.author = "fuzz";
    tx.source = "sha256:00ff";
    write(folder, "tx_import.bin", store::codec::encode_tx(tx));
    tx.tx = 2;
    tx.first_seq = tx.last_seq = seq + 1;
    tx.reason = "transcription error";
    tx.source = "shell";
    tx.prev_hash.fill(0xab);
    tx.hash.fill(0x5c);
    write(folder, "tx_correction.bin", store::codec::encode_tx(tx));
    std::cout << "wrote " << events.size() << " records, " << pages.size()
              << " pages and 2 transactions to " << folder << "\n";
    return 0;
}
