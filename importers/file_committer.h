#pragma once
// FileCommitter: the one way an import writes. The importers read the store (a const
// store::EventStore) to find what it already holds, and hand each file's events to a committer,
// which commits them as one transaction. db::Database is the committer of every real import and
// keeps its read models current as it commits, so the importers know nothing of read models and
// never hold a writable store.

#include "store/event_store.h"

namespace dayzero::importers {

class FileCommitter {
  public:
    virtual ~FileCommitter() = default;
    // Commits every event pulled from `next` as ONE transaction with `header`'s metadata
    // (header.events empty): all or nothing, as store::EventStore::append_chunked.
    virtual store::Result<store::TransactionInfo> commit_file(
        store::TransactionRequest header, const store::EventChunkSource& next) = 0;
    // The files committed from now on hold the same patients between them, each a part of every
    // timeline (the domains of an SDTM study): no patient's timeline is whole within one file, so
    // deriving read models as a file is written would only be thrown away.
    virtual void patients_span_files() {}
};

}  // namespace dayzero::importers
