#pragma once
// MemoryStore: a minimal in-memory EventStore for importer tests (the real store is tested in
// tests/store; the importer tests also run one scenario against it).

#include <algorithm>
#include <map>

#include "store/event_store.h"

namespace dayzero::importers::testing {

class MemoryStore final : public store::EventStore {
  public:
    store::Result<store::TransactionInfo> append(store::TransactionRequest request) override {
        if (request.events.empty()) return store::Status::invalid_argument("empty transaction");
        store::TransactionInfo info;
        info.tx = ++last_tx_;
        info.first_seq = events_.size() + 1;
        info.source = request.source;
        info.reason = request.reason;
        for (auto& event : request.events) {
            if (event.patient_id.empty()) return store::Status::invalid_argument("no patient");
        }
        for (auto& event : request.events) {
            event.seq = events_.size() + 1;
            event.tx = info.tx;
            event.source = request.source;
            events_.push_back(std::move(event));
        }
        info.last_seq = events_.size();
        transactions_.push_back(info);
        ++appends_;
        return info;
    }
    // The interface's gathering append_chunked, counting the chunks pulled and the aborts.
    store::Result<store::TransactionInfo> append_chunked(
        store::TransactionRequest header, const store::EventChunkSource& next,
        const store::WrittenChunkSink& written = {}) override {
        store::EventChunkSource counting = [&](std::vector<store::Event>& chunk) {
            store::Status status = next(chunk);
            if (!status.is_ok()) ++aborted_appends_;
            if (status.is_ok() && !chunk.empty()) ++chunks_pulled_;
            return status;
        };
        return EventStore::append_chunked(std::move(header), counting, written);
    }
    store::Result<std::vector<store::Event>> timeline(const std::string& patient_id,
                                                      const store::TimelineQuery&) const override {
        std::vector<store::Event> out;
        for (const auto& event : events_) {
            if (event.patient_id == patient_id) out.push_back(event);
        }
        std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            if (a.day != b.day) return a.day < b.day;
            return a.minute.value_or(0) + (a.minute ? 1 : 0) <
                   b.minute.value_or(0) + (b.minute ? 1 : 0);
        });
        return out;
    }
    store::Status for_each_patient(const store::PatientVisitor&, const store::AsOf&,
                                   store::Provenance) const override {
        return store::Status::ok();
    }
    store::Status scan_log(uint64_t, uint64_t, const store::EventVisitor&) const override {
        return store::Status::ok();
    }
    store::Result<store::Event> event(uint64_t seq) const override {
        if (seq == 0 || seq > events_.size()) return store::Status::not_found("no such event");
        return events_[seq - 1];
    }
    store::Result<std::vector<store::Event>> corrections_of(uint64_t) const override {
        return std::vector<store::Event>{};
    }
    store::Result<store::TransactionInfo> transaction(uint64_t tx) const override {
        if (tx == 0 || tx > transactions_.size()) return store::Status::not_found("no such tx");
        return transactions_[tx - 1];
    }
    std::optional<store::TransactionInfo> find_import(const std::string& source) const override {
        for (const auto& info : transactions_) {
            if (info.source == source) return info;
        }
        return std::nullopt;
    }
    store::Result<std::vector<std::string>> patients() const override {
        std::vector<std::string> ids;
        for (const auto& event : events_)
            ids.push_back(event.patient_id);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        return ids;
    }
    uint64_t last_seq() const override { return events_.size(); }
    uint64_t last_tx() const override { return last_tx_; }
    store::Result<store::StoreStats> stats() const override { return store::StoreStats{}; }
    store::VerifyReport verify() const override { return {}; }
    bool read_only() const override { return false; }
    const std::string& path() const override { return path_; }
    // A real folder for what an import keeps beside the store (a strict study's validated rows,
    // importers/row_spill.h); by default there is none, and such files are decoded again.
    void set_folder(std::string folder) { path_ = std::move(folder); }

    const std::vector<store::Event>& events() const { return events_; }
    int appends() const { return appends_; }
    int chunks_pulled() const { return chunks_pulled_; }
    int aborted_appends() const { return aborted_appends_; }

  private:
    std::vector<store::Event> events_;
    std::vector<store::TransactionInfo> transactions_;
    uint64_t last_tx_ = 0;
    int appends_ = 0;
    int chunks_pulled_ = 0;
    int aborted_appends_ = 0;
    std::string path_ = ":memory:";
};

}  // namespace dayzero::importers::testing
