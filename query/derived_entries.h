#pragma once
// DerivedEntries: the projection entries an import derived for its patients, kept until the
// refresh writes them: the first few megabytes in memory, the rest in an unnamed temporary file,
// so that what an import holds does not grow with its cohort (beyond an index entry per patient).

#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "query/projection_batch.h"

namespace dayzero::query {

class DerivedEntries {
  public:
    // The parts of a patient's entries, in PatientEntries' order.
    enum class Part { kSummary, kNames, kDays };

    // Reads kept entries back through a window of its own, so that several readers can read
    // side by side on their threads; nothing may be added or erased meanwhile.
    class Reader {
      public:
        // One part of patient `id`'s entries (key and bytes); nullopt when not kept or
        // unreadable.
        std::optional<std::pair<std::string, std::string>> read(const std::string& id, Part part);

      private:
        friend class DerivedEntries;
        explicit Reader(const DerivedEntries* entries) : entries_(entries) {}
        bool read_at(uint64_t offset, std::string& out, size_t size);
        bool fill_window(uint64_t offset);

        const DerivedEntries* entries_;
        // The refresh reads every patient's parts in the order the import wrote them, a few
        // hundred bytes each: they come from this window of the file, read a megabyte at a time,
        // not from a system call each. The file only grows, so bytes read into the window never
        // go stale.
        std::string window_;
        uint64_t window_offset_ = 0;
    };

    // Entries are kept in memory while they fit in `memory_bytes`, in the file after that.
    static constexpr size_t kMemoryBytes = size_t{24} << 20;
    DerivedEntries() : DerivedEntries(kMemoryBytes) {}
    explicit DerivedEntries(size_t memory_bytes);
    ~DerivedEntries();
    DerivedEntries(DerivedEntries&&) noexcept;
    DerivedEntries& operator=(DerivedEntries&&) noexcept;
    DerivedEntries(const DerivedEntries&) = delete;
    DerivedEntries& operator=(const DerivedEntries&) = delete;

    // Keeps patient `id`'s entries (replacing any kept before); false when they could not be
    // written (no temporary file, a full disk): then nothing is kept for `id`.
    bool add(const std::string& id, const PatientEntries& entries);
    // Number of patients kept with `id` (0 or 1).
    size_t count(const std::string& id) const { return index_.count(id); }
    // Forgets patient `id`.
    void erase(const std::string& id) { index_.erase(id); }
    size_t size() const { return index_.size(); }
    bool empty() const { return index_.empty(); }
    // Every patient kept, in no particular order.
    std::vector<std::string> ids() const;
    // One part of patient `id`'s entries (key and bytes) read back; nullopt when not kept or
    // unreadable.
    std::optional<std::pair<std::string, std::string>> read(const std::string& id, Part part);
    // A reader of what was added so far (see Reader); its reads fail when that cannot be made
    // readable.
    Reader reader();
    // Patient `id`'s entries read back and forgotten; nullopt when not kept or unreadable.
    std::optional<PatientEntries> take(const std::string& id);

  private:
    struct Place {
        uint64_t offset = 0;     // in memory_, or in the file
        uint32_t sizes[6] = {};  // key and bytes of the summary, the names and the days
        bool in_memory = false;
    };
    struct CloseFile {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };
    // Makes everything written readable through the descriptor.
    bool flush();
    // Writes the six parts to the file at end_; false when that failed.
    bool write_to_file(const std::string* const (&parts)[6]);

    // Kept here, an ordinary import's entries are neither written to a file by the projector
    // nor read back from it by the refresh; the limit keeps memory from growing with the
    // cohort. Once an entry did not fit, every later one goes to the file.
    size_t memory_limit_;
    std::string memory_;
    bool spilled_ = false;
    std::unique_ptr<std::FILE, CloseFile> file_;
    bool failed_ = false;  // the file could not be made or written: nothing more is kept
    bool flushed_ = true;  // everything written is readable through the descriptor
    uint64_t end_ = 0;     // bytes written to the file
    std::unordered_map<std::string, Place> index_;
    Reader own_{nullptr};  // read()'s (pointed at this object by each read)
};

}  // namespace dayzero::query
