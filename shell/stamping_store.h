#pragma once
// StampingStore: an EventStore that forwards to another one and stamps every write with the
// session's author and, in tests, a fixed clock. Lets the shell attribute writes made by the
// query engine and the importers without either of them knowing about sessions.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "store/event_store.h"

namespace dayzero::shell {

class StampingStore final : public store::EventStore {
  public:
    // `author` empty = keep the request's author (the store then uses the OS user);
    // `fixed_clock_us` set = the first transaction is recorded at that instant, each later one
    // 1 s after the previous.
    StampingStore(std::unique_ptr<store::EventStore> inner, std::string author,
                  std::optional<int64_t> fixed_clock_us);

    store::Result<store::TransactionInfo> append(store::TransactionRequest request) override;
    store::Result<store::TransactionInfo> append_chunked(
        store::TransactionRequest header, const store::EventChunkSource& next) override;
    store::Result<std::vector<store::Event>> timeline(
        const std::string& patient_id, const store::TimelineQuery& query) const override;
    store::Status for_each_patient(const store::PatientVisitor& visit,
                                   const store::AsOf& as_of) const override;
    store::Status scan_log(uint64_t from_seq, uint64_t to_seq,
                           const store::EventVisitor& visit) const override;
    store::Result<store::Event> event(uint64_t seq) const override;
    store::Result<std::vector<store::Event>> corrections_of(uint64_t seq) const override;
    store::Result<store::TransactionInfo> transaction(uint64_t tx) const override;
    std::optional<store::TransactionInfo> find_import(const std::string& source) const override;
    store::Result<std::vector<std::string>> patients() const override;
    uint64_t last_seq() const override;
    uint64_t last_tx() const override;
    store::Result<store::StoreStats> stats() const override;
    store::VerifyReport verify() const override;
    bool read_only() const override;
    const std::string& path() const override;
    store::Status write_projection(std::string_view name,
                                   const std::vector<std::pair<std::string, std::string>>& entries,
                                   uint64_t valid_at_seq, bool replace_all) override;
    std::optional<uint64_t> projection_seq(std::string_view name) const override;
    store::Status scan_projection(std::string_view name,
                                  const store::ProjectionVisitor& visit) const override;
    store::Status refresh() override;

  private:
    // Applies the session's author and clock to a request that does not set them.
    void stamp(store::TransactionRequest& request) const;

    std::unique_ptr<store::EventStore> inner_;
    std::string author_;
    std::optional<int64_t> next_clock_us_;
};

}  // namespace dayzero::shell
