#pragma once
// PageMergeOperator: the RocksDB merge operator of the timeline family. A patient's page is the
// concatenation of its entries (codec::append_page_entry); an append merges the new entries onto
// the end, so writing a patient never reads or rewrites what is already stored.

#include <memory>

#include <rocksdb/merge_operator.h>

namespace dayzero::store {

// The operator instance to install on the timeline family (stateless, shareable).
std::shared_ptr<rocksdb::MergeOperator> page_merge_operator();

}  // namespace dayzero::store
