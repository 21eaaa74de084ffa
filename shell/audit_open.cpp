#include "shell/audit_open.h"

#include <filesystem>

namespace dayzero::shell::audit {

std::unique_ptr<store::EventStore> open_store(const std::string& path, bool read_only, bool create,
                                              const std::string& command, std::ostream& err) {
    std::error_code ec;
    if (!create && !std::filesystem::exists(path, ec)) {
        err << "dayzero " << command << ": no store at '" << path << "'\n";
        return nullptr;
    }
    store::OpenOptions options;
    options.read_only = read_only;
    options.create_if_missing = create;
    auto opened = store::EventStore::open(path, options);
    if (!opened) {
        err << "dayzero " << command << ": cannot open store '" << path
            << "': " << opened.status().message() << "\n";
        return nullptr;
    }
    return std::move(opened.value());
}

std::unique_ptr<db::Database> open_database(const std::string& path, bool create,
                                            const std::string& command, std::ostream& err) {
    std::error_code ec;
    if (!create && !std::filesystem::exists(path, ec)) {
        err << "dayzero " << command << ": no store at '" << path << "'\n";
        return nullptr;
    }
    db::DatabaseOptions options;
    options.create_if_missing = create;
    auto opened = db::Database::open(path, options);
    if (!opened) {
        err << "dayzero " << command << ": cannot open store '" << path
            << "': " << opened.status().message() << "\n";
        return nullptr;
    }
    return std::move(opened.value());
}

}  // namespace dayzero::shell::audit
