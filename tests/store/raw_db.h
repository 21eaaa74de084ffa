#pragma once
// RawDb: a store's RocksDB opened directly, as an attacker (or a careless tool) with file access
// would, to check what the store wrote and that verify() notices edits made behind its back.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <rocksdb/db.h>
#include <catch2/catch.hpp>

#include "store/codec.h"
#include "store/page_merge.h"

namespace dayzero::store::testing {

class RawDb {
  public:
    explicit RawDb(const std::string& path) {
        rocksdb::Options options;
        std::vector<std::string> names;
        REQUIRE(rocksdb::DB::ListColumnFamilies(options, path, &names).ok());
        std::vector<rocksdb::ColumnFamilyDescriptor> families;
        for (const auto& name : names) {
            families.emplace_back(name, rocksdb::ColumnFamilyOptions());
            // Timeline pages are built by the store's merge operator; reading them needs it.
            if (name == codec::kCfTimeline)
                families.back().options.merge_operator = page_merge_operator();
        }
        std::vector<rocksdb::ColumnFamilyHandle*> handles;
        auto s = rocksdb::DB::Open(options, path, families, &handles, &db_);
        INFO(s.ToString());
        REQUIRE(s.ok());
        for (size_t i = 0; i < names.size(); ++i)
            cf_[names[i]] = handles[i];
    }
    ~RawDb() {
        for (auto& [name, handle] : cf_)
            db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
        delete db_;
    }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    // The value under `key`, or nullopt when there is none.
    std::optional<std::string> find(const char* family, const std::string& key) {
        std::string value;
        auto s = db_->Get(rocksdb::ReadOptions(), cf(family), key, &value);
        if (s.IsNotFound()) return std::nullopt;
        REQUIRE(s.ok());
        return value;
    }
    std::string get(const char* family, const std::string& key) {
        auto value = find(family, key);
        REQUIRE(value.has_value());
        return *value;
    }
    void put(const char* family, const std::string& key, const std::string& value) {
        REQUIRE(db_->Put(rocksdb::WriteOptions(), cf(family), key, value).ok());
    }
    void remove(const char* family, const std::string& key) {
        REQUIRE(db_->Delete(rocksdb::WriteOptions(), cf(family), key).ok());
    }
    // Rewrites the index copy of a log entry inside its patient's timeline page (same length).
    void replace_in_timeline(const std::string& record, const std::string& forged) {
        std::unique_ptr<rocksdb::Iterator> it(
            db_->NewIterator(rocksdb::ReadOptions(), cf(codec::kCfTimeline)));
        for (it->SeekToFirst(); it->Valid(); it->Next()) {
            std::string page = it->value().ToString();
            const size_t at = page.find(record);
            if (at == std::string::npos) continue;
            page.replace(at, record.size(), forged);
            put(codec::kCfTimeline, it->key().ToString(), page);
            return;
        }
        FAIL("no timeline page holds the record");
    }
    void flush() {
        for (auto& [name, handle] : cf_)
            REQUIRE(db_->Flush(rocksdb::FlushOptions(), handle).ok());
    }
    // Rewrites every family's table files into new ones; the old files are removed.
    void compact_all() {
        rocksdb::CompactRangeOptions options;
        options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
        for (auto& [name, handle] : cf_)
            REQUIRE(db_->CompactRange(options, handle, nullptr, nullptr).ok());
    }

  private:
    rocksdb::ColumnFamilyHandle* cf(const char* family) {
        auto found = cf_.find(family);
        REQUIRE(found != cf_.end());
        return found->second;
    }

    rocksdb::DB* db_ = nullptr;
    std::map<std::string, rocksdb::ColumnFamilyHandle*> cf_;
};

}  // namespace dayzero::store::testing
