#pragma once
// Projections: the side tables of read models kept beside the log (EventStore's projections).
// Each is a named set of opaque entries in the projections family, stamped in the meta family
// with the last sequence number it reflects; never part of the hash chain. Private to store/.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <rocksdb/options.h>

#include "store/event_store.h"
#include "store/rocks_handles.h"
#include "store/status.h"
#include "store/store_meta.h"

namespace dayzero::store {

class Projections {
  public:
    Projections(RocksHandles& rocks, const Published& published, std::string path,
                rocksdb::Options table_options)
        : rocks_(rocks),
          published_(published),
          path_(std::move(path)),
          table_options_(std::move(table_options)) {}

    // EventStore::write_projection (the caller checks the store is writable).
    Status write(std::string_view name,
                 const std::vector<std::pair<std::string, std::string>>& entries,
                 uint64_t valid_at_seq, bool replace_all);
    // EventStore::replace_projection: one table file, written as the entries come.
    Status replace(std::string_view name, const ProjectionSource& next, uint64_t valid_at_seq);
    // EventStore::projection_seq.
    std::optional<uint64_t> stamp(std::string_view name) const;
    // EventStore::scan_projection.
    Status scan(std::string_view name, const ProjectionVisitor& visit) const;

  private:
    // Deletes `name`'s stamp, durably, when it is or could still become current: entries about
    // to change under it must not be taken for its state.
    Status unstamp(std::string_view name);
    // Ingests the table files `files` into the projections family, then stamps `name`.
    Status ingest_and_stamp(std::string_view name, const std::vector<std::string>& files,
                            uint64_t valid_at_seq);

    RocksHandles& rocks_;
    const Published& published_;
    std::string path_;
    rocksdb::Options table_options_;  // for table files of large replacements
};

}  // namespace dayzero::store
