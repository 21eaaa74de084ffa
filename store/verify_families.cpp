// check_families: every family beside the log and the transactions, recomputed from the log and
// compared entry by entry, so an edit made behind dayzero's back cannot change an answer unseen.
#include <memory>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "text/hex.h"

#include "store/rocks_event_store.h"
#include "store/verify_checks.h"

namespace dayzero::store {
namespace {

using Handles = std::vector<rocksdb::ColumnFamilyHandle*>;

// Calls `visit(key, value)` for every entry of family `f`; "" or the first problem (a read error
// or what `visit` returned).
template <typename Visit>
std::string each(rocksdb::DB& db, const Handles& cf, RocksHandles::Family f,
                 const rocksdb::ReadOptions& ro, Visit visit) {
    std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro, cf[f]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
        std::string problem = visit(it->key().ToStringView(), it->value().ToStringView());
        if (!problem.empty()) return problem;
    }
    if (!it->status().ok())
        return fmt::format("reading the {} family failed: {}", RocksHandles::family_names()[f],
                           it->status().ToString());
    return {};
}

std::string check_corrections(rocksdb::DB& db, const Handles& cf, const rocksdb::ReadOptions& ro,
                              const ChainFacts& facts) {
    size_t matched = 0;
    std::string problem = each(db, cf, RocksHandles::kCorrections, ro, [&](auto key, auto value) {
        if (key.size() != 16) return std::string("the corrections index holds a malformed key");
        const uint64_t target = codec::get_u64_be(key.data());
        const uint64_t seq = codec::get_u64_be(key.data() + 8);
        if (facts.staging && seq > facts.last_seq) return std::string();  // staged, not yet ours
        const auto found = facts.corrections.find({target, seq});
        if (found == facts.corrections.end()) {
            return fmt::format(
                "the corrections index says event {} corrects event {}, which the "
                "log does not record",
                seq, target);
        }
        if (value.size() != 2 || static_cast<uint8_t>(value[0]) != codec::kValueVersion ||
            static_cast<uint8_t>(value[1]) != found->second) {
            return fmt::format(
                "the corrections index entry of event {} (correcting event {}) "
                "differs from the log",
                seq, target);
        }
        ++matched;
        return std::string();
    });
    if (!problem.empty() || matched == facts.corrections.size()) return problem;
    for (const auto& [key, kind] : facts.corrections) {
        std::string v;
        if (db.Get(ro, cf[RocksHandles::kCorrections], codec::correction_key(key.first, key.second),
                   &v)
                .IsNotFound()) {
            return fmt::format("the corrections index lacks event {}, which corrects event {}",
                               key.second, key.first);
        }
    }
    return "the corrections index does not match the log";
}

std::string check_patients(rocksdb::DB& db, const Handles& cf, const rocksdb::ReadOptions& ro,
                           const ChainFacts& facts) {
    size_t names = 0;
    size_t ids = 0;
    std::string problem = each(db, cf, RocksHandles::kPatients, ro, [&](auto key, auto value) {
        if (!key.empty() && key[0] == codec::kPatientNamePrefix) {
            const std::string_view name = key.substr(1);
            auto id = codec::decode_u32_value(value, "patient number");
            const auto used = id ? facts.patients.find(*id) : facts.patients.end();
            if (used == facts.patients.end() || used->second != name) {
                return fmt::format(
                    "the patient map sends '{}' to a patient number the log "
                    "gives to {}",
                    text::escape_bytes(name),
                    used == facts.patients.end()
                        ? std::string("no patient")
                        : fmt::format("'{}'", text::escape_bytes(used->second)));
            }
            ++names;
        } else if (key.size() == 5 && key[0] == codec::kPatientIdPrefix) {
            const uint32_t id = codec::get_u32_be(key.data() + 1);
            if (!facts.patients.count(id)) {
                return fmt::format(
                    "the patient map holds patient number {}, which no event of "
                    "the log names",
                    id);
            }
            ++ids;  // its name is inside the hash chain: the walk read it for every event
        } else {
            return fmt::format("the patient map holds a malformed key '{}'",
                               text::escape_bytes(key));
        }
        return std::string();
    });
    if (!problem.empty()) return problem;
    if (names != facts.patients.size() || ids != facts.patients.size()) {
        return fmt::format(
            "the patient map holds {} names and {} numbers for the {} patients of "
            "the log",
            names, ids, facts.patients.size());
    }
    return {};
}

std::string check_imports(rocksdb::DB& db, const Handles& cf, const rocksdb::ReadOptions& ro,
                          const ChainFacts& facts) {
    size_t matched = 0;
    std::string problem = each(db, cf, RocksHandles::kImports, ro, [&](auto key, auto value) {
        const auto found = facts.imports.find(std::string(key));
        auto tx = codec::decode_u64_value(value, "import");
        if (found == facts.imports.end() || !tx || *tx != found->second) {
            return fmt::format(
                "the import records hold '{}' which no transaction of the log "
                "matches (first transaction with that source: {})",
                text::escape_bytes(key),
                found == facts.imports.end() ? std::string("none") : std::to_string(found->second));
        }
        ++matched;
        return std::string();
    });
    if (!problem.empty()) return problem;
    if (matched != facts.imports.size()) {
        for (const auto& [source, tx] : facts.imports) {
            std::string v;
            if (db.Get(ro, cf[RocksHandles::kImports], source, &v).IsNotFound())
                return fmt::format("the import records lack {} (transaction {})", source, tx);
        }
    }
    return {};
}

std::string check_meta(rocksdb::DB& db, const Handles& cf, const rocksdb::ReadOptions& ro,
                       const ChainFacts& facts, std::set<std::string>& projections) {
    const uint32_t next_patient = facts.patients.empty() ? 1 : facts.patients.rbegin()->first + 1;
    const std::string head(reinterpret_cast<const char*>(facts.head.data()), facts.head.size());
    std::set<std::string_view> required{codec::kMetaFormatVersion, codec::kMetaLastSeq,
                                        codec::kMetaLastTx, codec::kMetaHead,
                                        codec::kMetaNextPatient};
    constexpr std::string_view kStampPrefix = "projection:";
    std::string problem = each(db, cf, RocksHandles::kMeta, ro, [&](auto key, auto value) {
        required.erase(key);
        bool good = false;
        if (key == codec::kMetaFormatVersion) {
            auto v = codec::decode_u32_value(value, key);
            good = v && *v == codec::kFormatVersion;
        } else if (key == codec::kMetaLastSeq) {
            auto v = codec::decode_u64_value(value, key);
            good = v && *v == facts.last_seq;
        } else if (key == codec::kMetaLastTx) {
            auto v = codec::decode_u64_value(value, key);
            good = v && *v == facts.last_tx;
        } else if (key == codec::kMetaHead) {
            auto v = codec::decode_bytes_value(value, key);
            good = v && *v == head;
        } else if (key == codec::kMetaNextPatient) {
            auto v = codec::decode_u32_value(value, key);
            good = v && *v == next_patient;
        } else if (key == codec::kMetaStaging) {
            // A chunked transaction in progress stages from the event after the log's end.
            auto v = codec::decode_u64_value(value, key);
            if (v && *v == facts.last_seq + 1) return std::string();
            return fmt::format(
                "metadata 'staging' {} where the log ends at transaction {}, event {} (a "
                "transaction in progress would stage from event {})",
                v ? fmt::format("says a transaction stages from event {}", *v)
                  : std::string("is malformed"),
                facts.last_tx, facts.last_seq, facts.last_seq + 1);
        } else if (key.substr(0, kStampPrefix.size()) == kStampPrefix) {
            good = codec::decode_u64_value(value, key).is_ok();
            projections.emplace(key.substr(kStampPrefix.size()));
        } else {
            return fmt::format("the metadata holds an unknown key '{}'", text::escape_bytes(key));
        }
        if (good) return std::string();
        return fmt::format(
            "metadata '{}' does not match the log (it ends at transaction {}, "
            "event {})",
            text::escape_bytes(key), facts.last_tx, facts.last_seq);
    });
    if (!problem.empty()) return problem;
    if (!required.empty()) return fmt::format("metadata '{}' is missing", *required.begin());
    return {};
}

}  // namespace

std::string check_families(rocksdb::DB& db, const Handles& cf, const rocksdb::ReadOptions& ro,
                           const ChainFacts& facts, std::vector<std::string>& notes) {
    std::set<std::string> projections;  // names with a stamp
    for (auto* check : {check_corrections, check_patients, check_imports}) {
        if (std::string problem = check(db, cf, ro, facts); !problem.empty()) return problem;
    }
    if (std::string problem = check_meta(db, cf, ro, facts, projections); !problem.empty())
        return problem;
    if (std::string problem = each(db, cf, RocksHandles::kDefault, ro,
                                   [](auto key, auto) {
                                       return fmt::format("the unused default family holds '{}'",
                                                          text::escape_bytes(key));
                                   });
        !problem.empty()) {
        return problem;
    }
    // Projection contents are derived by query/ and compared there. Entries without a stamp are
    // never read (a reader uses a projection only under a current stamp): a replacement a crash
    // interrupted after removing the stamp leaves them, and the next refresh replaces them.
    std::set<std::string> unstamped;
    std::string problem = each(db, cf, RocksHandles::kProjections, ro, [&](auto key, auto) {
        const size_t end = key.find('\0');
        if (end == std::string_view::npos)
            return fmt::format("the projections family holds a malformed key '{}'",
                               text::escape_bytes(key));
        const std::string name(key.substr(0, end));
        if (!projections.count(name)) unstamped.insert(name);
        return std::string();
    });
    for (const std::string& name : unstamped) {
        notes.push_back(
            fmt::format("projection '{}' holds entries without a stamp: never read, "
                        "and replaced by the next refresh",
                        text::escape_bytes(name)));
    }
    return problem;
}

}  // namespace dayzero::store
