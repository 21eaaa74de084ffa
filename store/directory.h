#pragma once
// Directory: the look-ups that turn a stored record into a complete Event — patient names by
// compact number and back, transaction records by number — with caches of these immutable
// facts. Private to store/.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <rocksdb/options.h>

#include "store/codec.h"
#include "store/event.h"
#include "store/event_store.h"
#include "store/log_reader.h"
#include "store/rocks_handles.h"
#include "store/status.h"

namespace dayzero::store {

class Directory {
  public:
    Directory(const RocksHandles& rocks, const LogReader& log) : rocks_(rocks), log_(log) {}

    // The external id of compact patient number `compact_id` (corruption when it has none).
    Result<std::string> patient_name(uint32_t compact_id, const rocksdb::ReadOptions& ro) const;
    // The compact number of patient `id`; nullopt when the store does not know the patient.
    Result<std::optional<uint32_t>> find_patient(const std::string& id,
                                                 const rocksdb::ReadOptions& ro) const;
    // Visits the name entries of the patients family (external id, stored compact-number
    // value) in id order; the first error a visit returns stops the scan and is returned.
    using PatientNameVisitor = std::function<Status(std::string_view name, std::string_view value)>;
    Status scan_patient_names(const rocksdb::ReadOptions& ro,
                              const PatientNameVisitor& visit) const;
    // Transaction `tx`'s stored record (not-found when there is none).
    Result<std::shared_ptr<const codec::TxRecord>> read_tx(uint64_t tx,
                                                           const rocksdb::ReadOptions& ro) const;
    // Turns a stored record into a complete Event (patient id, provenance from its transaction).
    Status complete(codec::Record& rec, uint64_t seq, const rocksdb::ReadOptions& ro) const;
    // Event `seq` read from the log and completed.
    Result<Event> read_event(uint64_t seq, const rocksdb::ReadOptions& ro) const;
    // Caches the names of patients a committed transaction introduced.
    void remember_names(const std::unordered_map<std::string, uint32_t>& ids);

  private:
    const RocksHandles& rocks_;
    const LogReader& log_;
    mutable std::mutex cache_mu_;
    mutable std::unordered_map<uint32_t, std::string> names_;
    mutable std::unordered_map<uint64_t, std::shared_ptr<const codec::TxRecord>> txs_;
};

// The public view of a stored transaction record.
TransactionInfo to_info(const codec::TxRecord& tx);

}  // namespace dayzero::store
