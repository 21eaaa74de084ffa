#pragma once
// The parts of RocksEventStore::verify beyond the hash chain (private to the RocksDB store):
// the files of the store folder, and the families that are recomputed from the log.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rocksdb/db.h>

#include "store/codec.h"
#include "store/event_store.h"

namespace dayzero::store {

// Checks every byte of a RocksDB log-format file (write-ahead log or MANIFEST): each record's
// CRC-32C, fragment order, zero block trailers, nothing after the last record. Returns "" when
// whole, else what is wrong, with the byte offset.
std::string check_log_file(const std::string& file);

// Compares the store folder with RocksDB's own list of live files (table files, write-ahead logs,
// MANIFEST, CURRENT, OPTIONS) and dayzero's marker: a missing, extra, resized or malformed file is
// a problem. Reads every MANIFEST and write-ahead log whole; table files are read whole by
// DB::VerifyChecksum. Returns "" when the folder is whole; adds to `notes` what is allowed but
// worth saying (files an interrupted write left for the next writer to remove).
// `writer` is the store's own handle when it is the writer (its file deletions are held
// meanwhile), null for a read-only verifier (a read-only primary handle then lists the files).
std::string check_store_files(const std::string& path, rocksdb::DB* writer,
                              std::vector<std::string>& notes);

// A name RocksDB gives a file it is still writing: <n>.dbtmp (CURRENT to be) or
// OPTIONS-<n>.dbtmp (an options file to be).
bool is_rocksdb_temp_file(std::string_view name);

// A signature or key-registration event met by the chain walk, with what its check needs.
struct SigningRecord {
    Event event;  // seq, patient id, recorded-at (its transaction's) and tx filled in
    std::string tx_source;
    bool tx_has_os_account = false;  // its transaction was written by a build that records one
};

// What the log says the families beside it must hold, gathered by the chain walk.
struct ChainFacts {
    // (target seq, correcting seq) -> correction number, as the corrections family keys them
    std::map<std::pair<uint64_t, uint64_t>, uint8_t> corrections;
    std::map<uint32_t, std::string> patients;  // compact id -> external id, for every id used
    std::map<std::string, uint64_t> imports;   // "sha256:" source -> first transaction
    uint64_t last_seq = 0;                     // where the log ends
    uint64_t last_tx = 0;                      // the last transaction of the chain
    codec::Hash head{};                        // its hash
    bool staging = false;                      // a chunked append is staged beyond last_seq
    std::vector<codec::Hash> tx_hashes;        // every transaction's link, tx 1 first
    std::vector<SigningRecord> signing;        // signatures and key registrations, in seq order
};

// True for an event the signature check needs (a signature, or anything under "~keys").
bool is_signing_record(const Event& event, std::string_view patient_id);

// Checks every key registration and every signature (store/signature.h): each keyed signature
// verifies with the key it names, registered under the same printed name before it and not
// revoked before it, over the signed transaction's link and its manifest. Counts them and the
// legacy keyless ones. Returns "" or what is wrong, naming the
// signature's seq, signer and transaction; `bad_tx` is then the signature's transaction. Adds a
// note counting the verified signatures and the legacy keyless ones.
std::string check_signatures(const ChainFacts& facts, VerifyReport& report, uint64_t& bad_tx);

// Compares every family beside the log and the transactions with what the chain walk found:
// corrections index, patient map (both directions, no alias, no unused entry), import records,
// every metadata key (counters, head, next patient, projection stamps; no unknown key), the unused
// default family, and the projection family's keys (entries of a projection without a stamp are
// never read: a note). Returns "" or what is wrong.
std::string check_families(rocksdb::DB& db, const std::vector<rocksdb::ColumnFamilyHandle*>& cf,
                           const rocksdb::ReadOptions& ro, const ChainFacts& facts,
                           std::vector<std::string>& notes);

}  // namespace dayzero::store
