#include "query/row_sink.h"

#include <utility>

namespace dayzero::query {

ResultRows::ResultRows(QueryResult& result, RowSink* sink) : result_(result), sink_(sink) {
    if (sink_ != nullptr) sink_->begin(result_);
}

void ResultRows::add(std::vector<Value>&& cells) {
    ++count_;
    if (sink_ != nullptr) {
        sink_->row(cells);
    } else {
        result_.rows.push_back(std::move(cells));
    }
}

void ResultRows::add(const std::vector<Value>& cells) {
    ++count_;
    if (sink_ != nullptr) {
        sink_->row(cells);
    } else {
        result_.rows.push_back(cells);
    }
}

void ResultRows::finish() {
    result_.streamed = sink_ != nullptr;
    result_.row_total = count_;
}

}  // namespace dayzero::query
