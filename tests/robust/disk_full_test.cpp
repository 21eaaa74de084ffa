// Disk full: a store on a 3 MB tmpfs receives an import that cannot fit. The import fails with a
// clear error, nothing of it is visible, and the store still opens and verifies.
#include <catch2/catch.hpp>

#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "child_process.h"
#include "robust_fixture.h"

using namespace dayzero;
using namespace dayzero::robust;
namespace fs = std::filesystem;

namespace {

// Mounts a small tmpfs at `where` for the object's lifetime (root only).
class SmallDisk {
  public:
    explicit SmallDisk(const fs::path& where) : where_(where) {
        fs::create_directories(where_);
        mounted_ = ::mount("tmpfs", where_.c_str(), "tmpfs", 0, "size=3m") == 0;
    }
    ~SmallDisk() {
        if (mounted_) ::umount(where_.c_str());
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    bool mounted() const { return mounted_; }

  private:
    fs::path where_;
    bool mounted_ = false;
};

// A valid long-format file of `patients` x 50 temperature rows (about 40 bytes a row).
std::string many_rows(int patients) {
    std::string text = "patient_id,day,time,kind,code,value,unit,note\n";
    for (int p = 0; p < patients; ++p) {
        const std::string id = "F" + std::to_string(100'000 + p);
        text += id + ",0,10:00,infusion,axi-cel,2,10^6 cells/kg,\n";
        for (int i = 0; i < 49; ++i)
            text += id + "," + std::to_string(i / 4) + ",1" + std::to_string(i % 10) +
                    ":00,temp,,37." + std::to_string(i % 10) + ",C,\n";
    }
    return text;
}

}  // namespace

// The writer is the real `dayzero import` in a child process, so that, whatever RocksDB does on a
// full disk, this process can still unmount and check the store. Closing the writer is part of
// what must survive (RocksDB's file info-log used to abort here; the store no longer writes one).
// A forked copy of this process would not do: RocksDB's background threads do not survive fork,
// so a flush the child waits for would never run.
TEST_CASE("disk full: an import that does not fit fails cleanly and the store survives") {
    ScratchDir dir;
    SmallDisk disk(dir.path() / "small");
    if (!disk.mounted()) {
        WARN("cannot mount a tmpfs here (needs root): disk-full case not exercised");
        return;
    }
    const std::string db = (dir.path() / "small" / "db").string();
    StoreSnapshot before;
    {
        auto store = open_seeded_store(db);
        before = snapshot(*store);
    }
    const std::string file = dir.write("big.csv", many_rows(4'000));  // 200,000 rows, ~8 MB
    const std::string output = (dir.path() / "import.out").string();
    const pid_t child = spawn_dayzero({"import", "--db", db, file}, output);
    REQUIRE(child > 0);
    int status = 0;
    bool exited = false;
    for (int tenth = 0; tenth < 1200 && !exited; ++tenth) {  // two minutes at most
        exited = child_exited(child, status);
        if (!exited) ::usleep(100'000);
    }
    if (!exited) kill_child(child);
    const std::string said = read_text(output);
    INFO("dayzero import said: " << said);
    REQUIRE(exited);  // a full disk must not hang the writer
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) != 0));
    CHECK(said.find("No space left on device") != std::string::npos);
    auto reader = store::EventStore::open(db, {.read_only = true});
    INFO((reader.is_ok() ? std::string("reader ok") : reader.status().message()));
    REQUIRE(reader.is_ok());
    CHECK(snapshot(*reader.value()) == before);
    const auto verified = reader.value()->verify();
    INFO(verified.problem);
    CHECK(verified.ok);
}
