#pragma once
// The importers' tests commit straight to a store (a MemoryStore or a real one), with no read
// models: they test the importers alone. Real imports commit through db::Database (tests/db).

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "importers/file_committer.h"
#include "importers/import_runner.h"
#include "importers/importer.h"
#include "store/event_store.h"

namespace dayzero::importers::testing {

// Commits each file with the store's own append_chunked.
class StoreCommitter final : public FileCommitter {
  public:
    explicit StoreCommitter(store::EventStore& store) : store_(store) {}
    store::Result<store::TransactionInfo> commit_file(
        store::TransactionRequest header, const store::EventChunkSource& next) override {
        return store_.append_chunked(std::move(header), next);
    }

  private:
    store::EventStore& store_;
};

// An Importer reading and writing `store` directly.
class DirectImporter {
  public:
    DirectImporter(store::EventStore& store, ImportOptions options)
        : commit_(store), importer_(store, commit_, std::move(options)) {}
    FileReport import(const ImportJob& job) { return importer_.import(job); }
    std::vector<FileReport> import_all(const std::vector<ImportJob>& jobs, bool all_or_nothing) {
        return importer_.import_all(jobs, all_or_nothing);
    }

  private:
    StoreCommitter commit_;
    Importer importer_;
};

// run_import reading and writing `store` directly.
inline RunSummary run_direct_import(store::EventStore& store,
                                    const std::vector<std::string>& inputs,
                                    const RunOptions& options, std::ostream& out,
                                    std::ostream& err) {
    StoreCommitter commit(store);
    return run_import(store, commit, inputs, options, out, err);
}

}  // namespace dayzero::importers::testing
