#pragma once
// A replay stream checked in full before anything reaches the real store: it is loaded into a
// private scratch store beside it (holding the real store's history first, so numbers and
// hashes come out the same), and only a stream that loads whole is copied over.

#include <istream>
#include <memory>
#include <string>

#include "shell/audit_replay_loader.h"
#include "store/event_store.h"

namespace dayzero::shell::audit {

// A scratch store and its folder, removed on destruction.
class ScratchStore {
  public:
    ScratchStore(std::string folder, std::unique_ptr<store::EventStore> store);
    ~ScratchStore();
    ScratchStore(const ScratchStore&) = delete;
    ScratchStore& operator=(const ScratchStore&) = delete;

    // The scratch store.
    store::EventStore& store() { return *store_; }

  private:
    std::string folder_;
    std::unique_ptr<store::EventStore> store_;
};

// Creates a scratch store beside `target_path` (owner-only), copies `target`'s transactions into
// it, then loads the stream `in` (named `name`) onto it with `check`. Fails, leaving nothing
// behind, at the first problem of the stream; the real store is never touched.
store::Result<std::unique_ptr<ScratchStore>> load_into_scratch(std::istream& in,
                                                               const std::string& name,
                                                               const store::EventStore& target,
                                                               const std::string& target_path,
                                                               HashCheck check);

}  // namespace dayzero::shell::audit
