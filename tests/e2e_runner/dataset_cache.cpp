#include "tests/e2e_runner/dataset_cache.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <charconv>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>

#include "tests/e2e_runner/test_file.h"

namespace fs = std::filesystem;

namespace dayzero::e2e {

namespace {

struct Dataset {
    std::string_view name;
    std::string_view script;  // meta-commands; {ROOT} is the source tree
    std::string_view input;   // file or folder under the source tree the script reads
};

constexpr Dataset kDatasets[] = {
    {"cohort45", ".import {ROOT}/examples/cohort45/events.csv", "examples/cohort45/events.csv"},
    {"cohort93", ".import {ROOT}/examples/cohort93/events.csv", "examples/cohort93/events.csv"},
};

// Holds an exclusive flock on a file while alive; the kernel drops it if the process dies.
class FileLock {
  public:
    explicit FileLock(const fs::path& path)
        : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
        if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~FileLock() {
        if (fd_ >= 0) ::close(fd_);
    }
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    bool held() const { return fd_ >= 0; }

  private:
    int fd_;
};

void describe_file(std::ostream& out, const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    const auto mtime = fs::last_write_time(path, ec).time_since_epoch().count();
    out << path.string() << " " << size << " " << mtime << "\n";
}

// What the template was built from: the runner binary (it carries the store, importers and
// engine), the script and every input file. Any change means the template is stale.
std::string build_key(const Dataset& dataset, const std::string& root) {
    std::ostringstream key;
    key << "dataset " << dataset.name << "\nscript " << dataset.script << "\nrunner ";
    std::error_code ec;
    describe_file(key, fs::read_symlink("/proc/self/exe", ec));
    const fs::path input = fs::path(root) / dataset.input;
    if (fs::is_directory(input)) {
        for (const auto& entry : fs::recursive_directory_iterator(input)) {
            if (!entry.is_regular_file()) continue;
            key << "input ";
            describe_file(key, entry.path());
        }
    } else {
        key << "input ";
        describe_file(key, input);
    }
    return key.str();
}

// The template's last transaction when its stamp matches `key`.
std::optional<uint64_t> fresh_template(const fs::path& stamp, const std::string& key) {
    std::ifstream in(stamp);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    constexpr std::string_view kLastTx = "last_tx ";
    if (!text.starts_with(key) || !std::string_view(text).substr(key.size()).starts_with(kLastTx))
        return std::nullopt;
    const char* first = text.data() + key.size() + kLastTx.size();
    uint64_t last_tx = 0;
    const auto parsed = std::from_chars(first, text.data() + text.size(), last_tx);
    if (parsed.ec != std::errc() || parsed.ptr == first) return std::nullopt;
    return last_tx;
}

}  // namespace

DatasetCache::DatasetCache(fs::path dir, std::string root, BuildStore build)
    : dir_(std::move(dir)), root_(std::move(root)), build_(std::move(build)) {}

bool DatasetCache::copy_to(const std::string& name, const fs::path& db, uint64_t& last_tx,
                           std::string& error) const {
    const Dataset* dataset = nullptr;
    for (const auto& d : kDatasets) {
        if (d.name == name) dataset = &d;
    }
    if (dataset == nullptr) {
        error = "unknown dataset '" + name + "' (known:";
        for (const auto& d : kDatasets)
            error += " " + std::string(d.name);
        error += ")";
        return false;
    }
    std::error_code ec;
    fs::create_directories(dir_, ec);
    const FileLock lock(dir_ / (name + ".lock"));
    if (!lock.held()) {
        error = "cannot lock " + (dir_ / (name + ".lock")).string();
        return false;
    }
    const fs::path store = dir_ / name;
    const fs::path stamp = dir_ / (name + ".stamp");
    const std::string key = build_key(*dataset, root_);
    if (auto built = fresh_template(stamp, key)) {
        last_tx = *built;
    } else {
        // Build beside the template and swap it in; the stamp is written last, so a build that
        // dies half-way leaves no stamp and the next test builds again.
        fs::remove(stamp, ec);
        const fs::path building = dir_ / (name + ".building");
        fs::remove_all(building, ec);
        const std::string script = substitute(std::string(dataset->script), "{ROOT}", root_);
        if (!build_(building.string(), script, last_tx, error)) {
            error = "building dataset " + name + ": " + error;
            return false;
        }
        fs::remove_all(store, ec);
        fs::rename(building, store, ec);
        if (ec) {
            error = "cannot move " + building.string() + " to " + store.string();
            return false;
        }
        std::ofstream(stamp) << key << "last_tx " << last_tx << "\n";
    }
    // A full copy, not links: a test that writes must leave the template and the others alone.
    fs::copy(store, db, fs::copy_options::recursive, ec);
    if (ec) {
        error = "cannot copy " + store.string() + " to " + db.string() + ": " + ec.message();
        return false;
    }
    return true;
}

}  // namespace dayzero::e2e
