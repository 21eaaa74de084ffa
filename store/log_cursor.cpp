#include "store/log_cursor.h"

#include <string>

#include <fmt/format.h>

#include "store/codec.h"

namespace dayzero::store {

void LogCursor::seek(uint64_t seq) {
    restart();
    const std::string key = codec::log_key(seq);
    // The entry at or before `seq` may be a segment holding it.
    it_->SeekForPrev(key);
    if (iterator_failed(seq)) return;
    if (it_->Valid() && codec::is_log_segment(it_->value().ToStringView())) {
        enter();
        while (valid_ && seq_ < seq)  // at most one segment's worth, then the entries after it
            next();
        return;
    }
    it_->Seek(key);
    enter();
}

void LogCursor::seek_entries_from(uint64_t seq) {
    restart();
    it_->Seek(codec::log_key(seq));
    enter();
}

void LogCursor::seek_to_first() {
    restart();
    it_->SeekToFirst();
    enter();
}

void LogCursor::next() {
    if (!valid_) return;
    if (segment_ && segment_->left() > 0) {
        // (enter() checked the segment's framing whole, so this fails only on a bug.)
        if (!segment_->next(record_)) {
            return fail(Status::corruption(
                            fmt::format("the log segment holding event {} is malformed", seq_ + 1)),
                        seq_ + 1);
        }
        ++seq_;
        return;
    }
    it_->Next();
    enter();
}

Status LogCursor::find(uint64_t seq) {
    seek(seq);
    if (!error_) return error_;
    if (!valid_ || seq_ != seq)
        return Status::not_found(fmt::format("no event with sequence {}", seq));
    return Status::ok();
}

void LogCursor::restart() {
    error_ = Status::ok();
    error_seq_ = 0;
    yielded_ = false;
}

Status LogCursor::status() const {
    return error_;
}

void LogCursor::enter() {
    segment_.reset();
    valid_ = false;
    const uint64_t after = yielded_ ? seq_ + 1 : 1;  // the least number the entry may hold
    if (!it_->Valid()) {
        iterator_failed(after);
        return;
    }
    if (it_->key().size() != 8) {
        return fail(
            Status::corruption(fmt::format("malformed log key at or after event {}", after)),
            after);
    }
    const uint64_t first = codec::get_u64_be(it_->key().data());
    // Keys ascend, but a segment covers the numbers after its key: an entry within them would
    // give an event twice.
    if (yielded_ && first <= seq_) {
        return fail(Status::corruption(fmt::format("the log holds event {} twice", first)), first);
    }
    const std::string_view value = it_->value().ToStringView();
    entry_last_ = first;
    if (codec::is_log_segment(value)) {
        // The whole framing first, so damage anywhere in it is reported before any of its
        // records is given (and blamed on the events the segment begins with).
        if (!codec::is_well_formed_segment(value)) {
            return fail(Status::corruption(fmt::format(
                            "the log segment starting at event {} is malformed", first)),
                        first);
        }
        segment_.emplace(value);
        entry_last_ = first + segment_->left() - 1;
        (void)segment_->next(record_);
    } else {
        record_ = value;
    }
    seq_ = first;
    valid_ = true;
    yielded_ = true;
}

bool LogCursor::iterator_failed(uint64_t at) {
    const rocksdb::Status s = it_->status();
    if (s.ok()) return false;
    std::string m = fmt::format("reading the log toward event {}: {}", at, s.ToString());
    fail(s.IsCorruption() ? Status::corruption(std::move(m)) : Status::io_error(std::move(m)), at);
    return true;
}

void LogCursor::fail(Status s, uint64_t at) {
    valid_ = false;
    segment_.reset();
    error_ = std::move(s);
    error_seq_ = at;
}

}  // namespace dayzero::store
