#include "query/derived_entries.h"

#include <unistd.h>

#include <algorithm>
#include <utility>

namespace dayzero::query {

DerivedEntries::DerivedEntries(size_t memory_bytes) : memory_limit_(memory_bytes) {}
DerivedEntries::~DerivedEntries() = default;
DerivedEntries::DerivedEntries(DerivedEntries&&) noexcept = default;
DerivedEntries& DerivedEntries::operator=(DerivedEntries&&) noexcept = default;

bool DerivedEntries::add(const std::string& id, const PatientEntries& entries) {
    index_.erase(id);
    if (failed_) return false;
    const std::string* const parts[6] = {&entries.summary.first, &entries.summary.second,
                                         &entries.names.first,   &entries.names.second,
                                         &entries.days.first,    &entries.days.second};
    Place place;
    size_t total = 0;
    for (size_t i = 0; i < 6; ++i) {
        if (parts[i]->size() > UINT32_MAX) return false;
        place.sizes[i] = static_cast<uint32_t>(parts[i]->size());
        total += parts[i]->size();
    }
    place.in_memory = !spilled_ && memory_.size() + total <= memory_limit_;
    if (place.in_memory) {
        // Reserved whole at the first entry: growing by doubling would hold the old copy and
        // the new one at once.
        if (memory_.capacity() < memory_limit_) memory_.reserve(memory_limit_);
        place.offset = memory_.size();
        for (const std::string* part : parts)
            memory_ += *part;
    } else {
        spilled_ = true;
        place.offset = end_;
        if (!write_to_file(parts)) return false;
    }
    index_.emplace(id, place);
    return true;
}

bool DerivedEntries::write_to_file(const std::string* const (&parts)[6]) {
    if (!file_) {
        // Unnamed and removed when closed: nothing is left behind, whatever ends the process.
        file_.reset(std::tmpfile());
        if (!file_) {
            failed_ = true;
            return false;
        }
    }
    for (const std::string* part : parts) {
        if (std::fwrite(part->data(), 1, part->size(), file_.get()) != part->size()) {
            failed_ = true;  // a partial record is never indexed
            return false;
        }
        end_ += part->size();
    }
    flushed_ = false;
    return true;
}

std::vector<std::string> DerivedEntries::ids() const {
    std::vector<std::string> out;
    out.reserve(index_.size());
    for (const auto& [id, place] : index_)
        out.push_back(id);
    return out;
}

namespace {

constexpr size_t kWindowBytes = size_t{1} << 20;

// Reads `size` bytes at `offset` of `fd` into `out`; false when the file ends first or fails.
bool pread_all(int fd, char* out, size_t size, uint64_t offset) {
    size_t done = 0;
    while (done < size) {
        const ssize_t got = ::pread(fd, out + done, size - done, static_cast<off_t>(offset + done));
        if (got <= 0) return false;
        done += static_cast<size_t>(got);
    }
    return true;
}

}  // namespace

bool DerivedEntries::flush() {
    if (flushed_) return true;  // also when nothing went to the file
    if (!file_ || std::fflush(file_.get()) != 0) return false;
    flushed_ = true;
    return true;
}

std::optional<std::pair<std::string, std::string>> DerivedEntries::read(const std::string& id,
                                                                        Part part) {
    if (!flush()) return std::nullopt;
    own_.entries_ = this;  // this object may have been moved since the last read
    return own_.read(id, part);
}

DerivedEntries::Reader DerivedEntries::reader() {
    // A reader of entries that cannot be flushed finds none.
    return Reader(flush() ? this : nullptr);
}

bool DerivedEntries::Reader::fill_window(uint64_t offset) {
    window_.resize(static_cast<size_t>(std::min<uint64_t>(kWindowBytes, entries_->end_ - offset)));
    if (!pread_all(fileno(entries_->file_.get()), window_.data(), window_.size(), offset)) {
        window_.clear();
        return false;
    }
    window_offset_ = offset;
    return true;
}

bool DerivedEntries::Reader::read_at(uint64_t offset, std::string& out, size_t size) {
    if (size == 0) {
        out.clear();
        return true;
    }
    if (size > kWindowBytes / 2) {  // a rare large entry would only evict the window
        out.resize(size);
        return pread_all(fileno(entries_->file_.get()), out.data(), size, offset);
    }
    const bool in_window =
        offset >= window_offset_ && offset + size <= window_offset_ + window_.size();
    if (!in_window && !fill_window(offset)) return false;
    if (offset + size > window_offset_ + window_.size()) return false;  // beyond the file's end
    out.assign(window_, static_cast<size_t>(offset - window_offset_), size);
    return true;
}

std::optional<std::pair<std::string, std::string>> DerivedEntries::Reader::read(
    const std::string& id, Part part) {
    if (entries_ == nullptr) return std::nullopt;
    const auto found = entries_->index_.find(id);
    if (found == entries_->index_.end()) return std::nullopt;
    const Place& place = found->second;
    const size_t first = 2 * static_cast<size_t>(part);
    uint64_t offset = place.offset;
    for (size_t i = 0; i < first; ++i)
        offset += place.sizes[i];
    std::pair<std::string, std::string> out;
    if (place.in_memory) {
        const std::string& memory = entries_->memory_;
        out.first.assign(memory, static_cast<size_t>(offset), place.sizes[first]);
        out.second.assign(memory, static_cast<size_t>(offset) + place.sizes[first],
                          place.sizes[first + 1]);
        return out;
    }
    if (!read_at(offset, out.first, place.sizes[first]) ||
        !read_at(offset + place.sizes[first], out.second, place.sizes[first + 1])) {
        return std::nullopt;
    }
    return out;
}

std::optional<PatientEntries> DerivedEntries::take(const std::string& id) {
    PatientEntries out;
    auto summary = read(id, Part::kSummary);
    auto names = read(id, Part::kNames);
    auto days = read(id, Part::kDays);
    index_.erase(id);
    if (!summary || !names || !days) return std::nullopt;
    out.summary = std::move(*summary);
    out.names = std::move(*names);
    out.days = std::move(*days);
    return out;
}

}  // namespace dayzero::query
