#include "shell/stamping_store.h"

#include <utility>

namespace dayzero::shell {

namespace {
constexpr int64_t kClockStepUs = 1'000'000;
}

StampingStore::StampingStore(std::unique_ptr<store::EventStore> inner, std::string author,
                             std::optional<int64_t> fixed_clock_us)
    : inner_(std::move(inner)), author_(std::move(author)), next_clock_us_(fixed_clock_us) {}

void StampingStore::stamp(store::TransactionRequest& request) const {
    if (!author_.empty() && request.author.empty()) request.author = author_;
    if (next_clock_us_ && !request.recorded_at_us) request.recorded_at_us = *next_clock_us_;
}

store::Result<store::TransactionInfo> StampingStore::append(store::TransactionRequest request) {
    stamp(request);
    auto result = inner_->append(std::move(request));
    if (result.is_ok() && next_clock_us_) *next_clock_us_ += kClockStepUs;
    return result;
}

store::Result<store::TransactionInfo> StampingStore::append_chunked(
    store::TransactionRequest header, const store::EventChunkSource& next) {
    stamp(header);
    auto result = inner_->append_chunked(std::move(header), next);
    if (result.is_ok() && next_clock_us_) *next_clock_us_ += kClockStepUs;
    return result;
}

store::Status StampingStore::write_projection(
    std::string_view name, const std::vector<std::pair<std::string, std::string>>& entries,
    uint64_t valid_at_seq, bool replace_all) {
    return inner_->write_projection(name, entries, valid_at_seq, replace_all);
}

std::optional<uint64_t> StampingStore::projection_seq(std::string_view name) const {
    return inner_->projection_seq(name);
}

store::Status StampingStore::scan_projection(std::string_view name,
                                             const store::ProjectionVisitor& visit) const {
    return inner_->scan_projection(name, visit);
}

store::Status StampingStore::refresh() {
    return inner_->refresh();
}

store::Result<std::vector<store::Event>> StampingStore::timeline(
    const std::string& patient_id, const store::TimelineQuery& query) const {
    return inner_->timeline(patient_id, query);
}

store::Status StampingStore::for_each_patient(const store::PatientVisitor& visit,
                                              const store::AsOf& as_of) const {
    return inner_->for_each_patient(visit, as_of);
}

store::Status StampingStore::scan_log(uint64_t from_seq, uint64_t to_seq,
                                      const store::EventVisitor& visit) const {
    return inner_->scan_log(from_seq, to_seq, visit);
}

store::Result<store::Event> StampingStore::event(uint64_t seq) const {
    return inner_->event(seq);
}

store::Result<std::vector<store::Event>> StampingStore::corrections_of(uint64_t seq) const {
    return inner_->corrections_of(seq);
}

store::Result<store::TransactionInfo> StampingStore::transaction(uint64_t tx) const {
    return inner_->transaction(tx);
}

std::optional<store::TransactionInfo> StampingStore::find_import(const std::string& source) const {
    return inner_->find_import(source);
}

store::Result<std::vector<std::string>> StampingStore::patients() const {
    return inner_->patients();
}

uint64_t StampingStore::last_seq() const {
    return inner_->last_seq();
}
uint64_t StampingStore::last_tx() const {
    return inner_->last_tx();
}
store::Result<store::StoreStats> StampingStore::stats() const {
    return inner_->stats();
}
store::VerifyReport StampingStore::verify() const {
    return inner_->verify();
}
bool StampingStore::read_only() const {
    return inner_->read_only();
}
const std::string& StampingStore::path() const {
    return inner_->path();
}

}  // namespace dayzero::shell
