#include "shell/audit_open.h"

#include "shell/store_path.h"

namespace dayzero::shell::audit {
namespace {

// The opened store or database, or null after a one-line message naming the folder: anything
// but a store is refused unless `create`, so a mistyped path never becomes a new empty store.
template <typename Opened, typename OpenFn>
std::unique_ptr<Opened> open_or_report(const std::string& path, bool create,
                                       const std::string& command, std::ostream& err,
                                       const OpenFn& open) {
    const std::string problem = create ? new_store_problem(path) : existing_store_problem(path);
    if (!problem.empty()) {
        err << "dayzero " << command << ": " << problem << "\n";
        return nullptr;
    }
    auto opened = open();
    if (!opened) {
        err << "dayzero " << command << ": cannot open store '" << path
            << "': " << opened.status().message() << "\n";
        return nullptr;
    }
    return std::move(opened.value());
}

}  // namespace

std::unique_ptr<store::EventStore> open_store(const std::string& path, bool read_only, bool create,
                                              const std::string& command, std::ostream& err) {
    return open_or_report<store::EventStore>(path, create, command, err, [&] {
        store::OpenOptions options;
        options.read_only = read_only;
        options.create_if_missing = create;
        return store::EventStore::open(path, options);
    });
}

std::unique_ptr<db::Database> open_database(const std::string& path, bool create,
                                            const std::string& command, std::ostream& err) {
    return open_or_report<db::Database>(path, create, command, err, [&] {
        db::DatabaseOptions options;
        options.create_if_missing = create;
        return db::Database::open(path, options);
    });
}

}  // namespace dayzero::shell::audit
