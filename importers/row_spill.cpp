#include "importers/row_spill.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "store/byte_reader.h"

namespace dayzero::importers {
namespace {

using store::codec::ByteReader;

// A spilled row: its size (4 bytes, little-endian), then
//   line, flags (1 skipped, 2 skipped by the mapping), event count, events, value-column count,
//   value columns (varints)
// and an event:
//   flags (1 minute, 2 value, 4 a patient id other than the previous event's), kind, correction,
//   day (zigzag), [patient id], [minute], [value: 8 bytes], code, text, unit, original, note,
//   reason, recorded_by, source, target_seq, seq, tx, recorded_at_us (zigzag), source_line
// Every field of an event is kept, so a replayed event is the decoded one. The size below fails
// the build (with libstdc++ on a 64-bit machine, where it is known) when Event gains a field,
// which must then be kept here too.
#if defined(__GLIBCXX__) && __SIZEOF_POINTER__ == 8
static_assert(sizeof(store::Event) == 368, "a new store::Event field must be spilled and replayed");
#endif

constexpr uint8_t kRowSkipped = 1;
constexpr uint8_t kRowSkippedByMapping = 2;
constexpr uint8_t kEventMinute = 1;
constexpr uint8_t kEventValue = 2;
constexpr uint8_t kEventPatient = 4;
constexpr size_t kFlushBytes = size_t{1} << 20;
// An event's texts, in the order a spilled event holds them (one list for size, write and read).
constexpr std::string store::Event::*kTexts[] = {
    &store::Event::code, &store::Event::text,   &store::Event::unit,        &store::Event::original,
    &store::Event::note, &store::Event::reason, &store::Event::recorded_by, &store::Event::source};
constexpr size_t kSizeBytes = 4;

using store::codec::ByteWriter;
using store::codec::kMaxVarintBytes;

// The most bytes encode_event() writes for `e`.
size_t event_bound(const store::Event& e) {
    // Flags, kind, correction; day, patient id's length, minute, target_seq, seq, tx,
    // recorded_at_us, source_line; the value; the patient id; then each text and its length.
    size_t bytes = 3 + 8 * kMaxVarintBytes + sizeof(double) + e.patient_id.size();
    for (const auto text : kTexts)
        bytes += kMaxVarintBytes + (e.*text).size();
    return bytes;
}

void encode_event(const store::Event& e, std::string& previous_patient, ByteWriter& w) {
    const bool new_patient = e.patient_id != previous_patient;
    w.u8((e.minute ? kEventMinute : 0) | (e.value ? kEventValue : 0) |
         (new_patient ? kEventPatient : 0));
    w.u8(static_cast<uint8_t>(e.kind));
    w.u8(static_cast<uint8_t>(e.correction));
    w.svarint(e.day);
    if (new_patient) {
        w.str(e.patient_id);
        store::codec::assign_reusing(previous_patient, e.patient_id);
    }
    if (e.minute) w.varint(*e.minute);
    if (e.value) w.f64(*e.value);
    for (const auto text : kTexts)
        w.str(e.*text);
    w.varint(e.target_seq);
    w.varint(e.seq);
    w.varint(e.tx);
    w.svarint(e.recorded_at_us);
    w.varint(e.source_line);
}

void decode_event(ByteReader& r, std::string& previous_patient, store::Event& e) {
    const uint8_t flags = r.u8();
    e.kind = static_cast<store::EventKind>(r.u8());
    e.correction = static_cast<store::Correction>(r.u8());
    e.day = static_cast<int32_t>(r.svarint());
    if (flags & kEventPatient) {
        r.str_into(e.patient_id);
        store::codec::assign_reusing(previous_patient, e.patient_id);
    } else {
        store::codec::assign_reusing(e.patient_id, previous_patient);
    }
    e.minute.reset();
    if (flags & kEventMinute) e.minute = static_cast<uint16_t>(r.varint());
    e.value.reset();
    if (flags & kEventValue) e.value = r.f64();
    for (const auto text : kTexts)
        r.str_into(e.*text);
    e.target_seq = r.varint();
    e.seq = r.varint();
    e.tx = r.varint();
    e.recorded_at_us = r.svarint();
    e.source_line = static_cast<uint32_t>(r.varint());
}

}  // namespace

// The replaying decoder: the spill's rows, read back from its file one buffer at a time.
class SpilledRows final : public RowDecoder {
  public:
    SpilledRows(std::unique_ptr<RowSpill> spill, std::vector<std::string> header,
                BodySizeFacts facts, uint64_t file_bytes)
        : spill_(std::move(spill)),
          header_(std::move(header)),
          facts_(std::move(facts)),
          file_bytes_(file_bytes) {
        failed_ = std::fseek(spill_->file_.get(), 0, SEEK_SET) != 0;
    }

    bool next(DecodedRow& row) override { return next_into(row, row.events); }

    bool next_into(DecodedRow& row, std::vector<store::Event>& out) override {
        row.clear();
        if (failed_ || rows_read_ == spill_->rows_) return false;
        const size_t before = out.size();
        if (!read_row(row, out)) {
            failed_ = true;
            out.resize(before);
            row.clear();
            return false;
        }
        ++rows_read_;
        return true;
    }

    const std::vector<std::string>& header() const override { return header_; }
    std::vector<ImportProblem> finish() override { return {}; }
    // True once the spill could not be read back: the rows given so far are not all of them.
    bool file_failed() const override { return failed_; }
    const BodySizeFacts& body_size_facts() const override { return facts_; }
    bool has_deferred() const override { return false; }
    uint64_t bytes_consumed() const override {
        if (spill_->bytes_ == 0) return file_bytes_;
        return static_cast<uint64_t>(
            static_cast<double>(file_bytes_) *
            (static_cast<double>(consumed_) / static_cast<double>(spill_->bytes_)));
    }
    uint64_t total_bytes() const override { return file_bytes_; }

  private:
    // Makes the next `size` bytes of the file readable at buffer_[start_]; false at its end or
    // at a reading error.
    bool have(size_t size) {
        if (end_ - start_ >= size) return true;
        buffer_.erase(0, start_);
        end_ -= start_;
        start_ = 0;
        if (buffer_.size() < std::max(size, kFlushBytes))
            buffer_.resize(std::max(size, kFlushBytes));
        while (end_ < size) {
            const size_t got =
                std::fread(buffer_.data() + end_, 1, buffer_.size() - end_, spill_->file_.get());
            if (got == 0) return false;
            end_ += got;
        }
        return true;
    }

    bool read_row(DecodedRow& row, std::vector<store::Event>& out) {
        if (!have(kSizeBytes)) return false;
        uint32_t size = 0;
        for (size_t i = 0; i < kSizeBytes; ++i)
            size |= static_cast<uint32_t>(static_cast<uint8_t>(buffer_[start_ + i])) << (8 * i);
        start_ += kSizeBytes;
        if (!have(size)) return false;
        ByteReader r(std::string_view(buffer_.data() + start_, size));
        start_ += size;
        consumed_ += kSizeBytes + size;
        row.line = r.varint();
        const uint8_t flags = r.u8();
        row.skipped = (flags & kRowSkipped) != 0;
        row.skipped_by_mapping = (flags & kRowSkippedByMapping) != 0;
        const uint64_t events = r.varint();
        for (uint64_t i = 0; i < events && r.ok(); ++i) {
            out.emplace_back();
            decode_event(r, patient_, out.back());
        }
        const uint64_t columns = r.varint();
        for (uint64_t i = 0; i < columns && r.ok(); ++i)
            row.value_columns.push_back(static_cast<uint32_t>(r.varint()));
        return r.ok() && r.at_end();
    }

    std::unique_ptr<RowSpill> spill_;
    std::vector<std::string> header_;
    BodySizeFacts facts_;
    uint64_t file_bytes_ = 0;
    std::string buffer_;
    size_t start_ = 0;  // the next unread byte of buffer_
    size_t end_ = 0;    // the end of what buffer_ holds from the file
    uint64_t consumed_ = 0;
    uint64_t rows_read_ = 0;
    std::string patient_;  // the previous event's patient id
    bool failed_ = false;
};

std::unique_ptr<RowSpill> RowSpill::create(const std::string& folder, uint64_t file_bytes) {
    struct statvfs room {};
    if (::statvfs(folder.c_str(), &room) != 0) return nullptr;
    if (static_cast<uint64_t>(room.f_bavail) * room.f_frsize / 2 < file_bytes) return nullptr;
    // Unnamed (no reader of the folder ever sees it) and freed when closed: nothing is left
    // behind, whatever ends the process.
    const int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) return nullptr;
    std::unique_ptr<RowSpill> spill(new RowSpill());
    spill->file_.reset(::fdopen(fd, "w+b"));
    if (!spill->file_) {
        ::close(fd);
        return nullptr;
    }
    return spill;
}

RowSpill::~RowSpill() = default;

void RowSpill::add(const DecodedRow& row) {
    if (!usable_) return;
    if (!row.errors.empty()) {
        usable_ = false;
        buffer_.clear();
        return;
    }
    // The row is written straight into the buffer, behind room for its size, within a bound
    // reserved beforehand (ByteWriter does not check capacity byte by byte).
    size_t bound = 1 + 3 * kMaxVarintBytes + row.value_columns.size() * kMaxVarintBytes;
    for (const auto& event : row.events)
        bound += event_bound(event);
    const size_t start = buffer_.size();
    buffer_.resize(start + kSizeBytes + bound);
    ByteWriter w(buffer_.data() + start + kSizeBytes);
    w.varint(row.line);
    w.u8((row.skipped ? kRowSkipped : 0) | (row.skipped_by_mapping ? kRowSkippedByMapping : 0));
    w.varint(row.events.size());
    for (const auto& event : row.events)
        encode_event(event, patient_, w);
    w.varint(row.value_columns.size());
    for (const uint32_t column : row.value_columns)
        w.varint(column);
    const size_t size = static_cast<size_t>(w.position() - (buffer_.data() + start + kSizeBytes));
    if (size > UINT32_MAX) {
        usable_ = false;
        buffer_.clear();
        return;
    }
    for (size_t i = 0; i < kSizeBytes; ++i)
        buffer_[start + i] = static_cast<char>(size >> (8 * i));
    buffer_.resize(start + kSizeBytes + size);
    ++rows_;
    if (buffer_.size() >= kFlushBytes && !flush()) usable_ = false;
}

bool RowSpill::flush() {
    if (buffer_.empty()) return true;
    const bool written =
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_.get()) == buffer_.size();
    bytes_ += buffer_.size();
    buffer_.clear();
    return written;
}

std::unique_ptr<RowDecoder> RowSpill::replay(std::unique_ptr<RowSpill> spill,
                                             std::vector<std::string> header, BodySizeFacts facts,
                                             uint64_t file_bytes) {
    if (!spill || !spill->usable_ || !spill->flush() || std::fflush(spill->file_.get()) != 0)
        return nullptr;
    return std::make_unique<SpilledRows>(std::move(spill), std::move(header), std::move(facts),
                                         file_bytes);
}

}  // namespace dayzero::importers
