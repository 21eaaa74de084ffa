#include "store/log_cursor.h"

#include <string>

#include <fmt/format.h>

#include "store/codec.h"

namespace dayzero::store {

void LogCursor::seek(uint64_t seq) {
    error_ = Status::ok();
    yielded_ = false;
    const std::string key = codec::log_key(seq);
    // The entry at or before `seq` may be a segment holding it.
    it_->SeekForPrev(key);
    if (it_->Valid() && codec::is_log_segment(it_->value().ToStringView())) {
        enter();
        while (valid_ && seq_ < seq)  // at most one segment's worth, then the entries after it
            next();
        return;
    }
    it_->Seek(key);
    enter();
}

void LogCursor::seek_to_first() {
    error_ = Status::ok();
    yielded_ = false;
    it_->SeekToFirst();
    enter();
}

void LogCursor::next() {
    if (!valid_) return;
    if (segment_ && segment_->left() > 0) {
        if (!segment_->next(record_)) {
            return fail(Status::corruption(
                fmt::format("the log segment holding event {} is malformed", seq_ + 1)));
        }
        ++seq_;
        return;
    }
    if (segment_ && !segment_->finished_cleanly()) {
        return fail(Status::corruption(
            fmt::format("the log segment ending at event {} has bytes beyond its records", seq_)));
    }
    it_->Next();
    enter();
}

Status LogCursor::status() const {
    return error_;
}

void LogCursor::enter() {
    segment_.reset();
    valid_ = false;
    if (!it_->Valid()) {
        if (!it_->status().ok()) {
            fail(Status::io_error(fmt::format("reading the log: {}", it_->status().ToString())));
        }
        return;
    }
    if (it_->key().size() != 8) return fail(Status::corruption("malformed log key"));
    const uint64_t first = codec::get_u64_be(it_->key().data());
    // Keys ascend, but a segment covers the numbers after its key: an entry within them would
    // give an event twice.
    if (yielded_ && first <= seq_) {
        return fail(Status::corruption(fmt::format("the log holds event {} twice", first)));
    }
    const std::string_view value = it_->value().ToStringView();
    if (codec::is_log_segment(value)) {
        segment_.emplace(value);
        if (!segment_->next(record_)) {
            return fail(Status::corruption(
                fmt::format("the log segment starting at event {} is malformed", first)));
        }
    } else {
        record_ = value;
    }
    seq_ = first;
    valid_ = true;
    yielded_ = true;
}

void LogCursor::fail(Status s) {
    valid_ = false;
    segment_.reset();
    error_ = std::move(s);
}

}  // namespace dayzero::store
