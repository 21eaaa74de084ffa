#pragma once
// RocksFixture: a fresh RocksDB with the store's column families in a temporary folder, for the
// unit tests of the store's components (log, pages, staging) without a whole store around them.

#include <string>
#include <vector>

#include <rocksdb/db.h>
#include <catch2/catch.hpp>

#include "store/directory.h"
#include "store/log_reader.h"
#include "store/page_merge.h"
#include "store/rocks_handles.h"
#include "store/timeline_pages.h"
#include "store_test_util.h"

namespace dayzero::store::testing {

class RocksFixture {
  public:
    RocksFixture() {
        rocksdb::DBOptions options;
        options.create_if_missing = true;
        options.create_missing_column_families = true;
        std::vector<rocksdb::ColumnFamilyDescriptor> families;
        for (const auto& name : RocksHandles::family_names())
            families.emplace_back(name, rocksdb::ColumnFamilyOptions());
        families[RocksHandles::kTimeline].options.merge_operator = page_merge_operator();
        auto s = rocksdb::DB::Open(options, dir_.path(), families, &rocks.cf, &rocks.db);
        INFO(s.ToString());
        REQUIRE(s.ok());
    }

    // Writes `batch` or fails the test.
    void write(rocksdb::WriteBatch& batch) { REQUIRE(rocks.write(batch, false).ok()); }
    // Puts one raw entry into family `f`.
    void put(RocksHandles::Family f, const std::string& key, const std::string& value) {
        rocksdb::WriteBatch batch;
        batch.Put(rocks.family(f), key, value);
        write(batch);
    }
    // The folder the database lives in.
    const std::string& path() const { return dir_.path(); }

  private:
    TempDir dir_;  // (declared first: removed after the database is closed)

  public:
    RocksHandles rocks;
};

// A fixture with the read components wired over it, as RocksEventStore wires them.
struct ReadParts {
    RocksFixture db;
    LogReader log{db.rocks};
    Directory directory{db.rocks, log};
    TimelinePages pages{db.rocks, directory};
};

}  // namespace dayzero::store::testing
