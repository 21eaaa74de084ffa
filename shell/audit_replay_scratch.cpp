#include "shell/audit_replay_scratch.h"

#include <unistd.h>
#include <filesystem>

#include <fmt/format.h>

namespace dayzero::shell::audit {

ScratchStore::ScratchStore(std::string folder, std::unique_ptr<store::EventStore> store)
    : folder_(std::move(folder)), store_(std::move(store)) {}

ScratchStore::~ScratchStore() {
    store_.reset();  // closed before its folder goes
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
}

store::Result<std::unique_ptr<ScratchStore>> load_into_scratch(std::istream& in,
                                                               const std::string& name,
                                                               const store::EventStore& target,
                                                               const std::string& target_path,
                                                               HashCheck check) {
    namespace fs = std::filesystem;
    // Beside the store, on the same disk: a load needs room for the stream there anyway.
    const fs::path target_dir = fs::absolute(fs::path(target_path).lexically_normal());
    const fs::path folder =
        target_dir.parent_path() /
        fmt::format(".{}.replay-check-{}", target_dir.filename().string(), ::getpid());
    std::error_code ec;
    fs::remove_all(folder, ec);
    store::OpenOptions options;
    options.sync_writes = false;  // thrown away at the end
    auto opened = store::EventStore::open(folder.string(), options);
    if (!opened) {
        fs::remove_all(folder, ec);
        return store::Status(opened.status().code(),
                             fmt::format("cannot create the scratch store that checks the stream "
                                         "before loading: {}",
                                         opened.status().message()));
    }
    auto scratch = std::make_unique<ScratchStore>(folder.string(), std::move(opened.value()));
    store::EventStore& into = scratch->store();
    const db::RecordedCommit append = [&into](store::TransactionRequest request) {
        return into.append(std::move(request));
    };
    if (auto copied = copy_transactions(target, into, append); !copied) return copied.status();
    auto loaded = load_replay(in, name, into, append, check);
    if (!loaded) return loaded.status();
    return scratch;
}

}  // namespace dayzero::shell::audit
