#include "shell/verify_read_models.h"

#include <map>

#include <fmt/format.h>

#include "text/hex.h"

#include "query/days_projection.h"
#include "query/projection_refresh.h"
#include "query/summary_projection.h"

namespace dayzero::shell {
namespace {

using Entries = std::map<std::string, std::string, std::less<>>;

// Reads through to `base`; takes the projections a rebuild writes into memory instead of the
// store, so verify rebuilds them without writing.
class CapturingStore final : public store::EventStore {
  public:
    explicit CapturingStore(const store::EventStore& base) : base_(base) {}

    store::Result<store::TransactionInfo> append(store::TransactionRequest) override {
        return store::Status::read_only("verify never appends");
    }
    store::Result<std::vector<store::Event>> timeline(
        const std::string& patient_id, const store::TimelineQuery& query) const override {
        return base_.timeline(patient_id, query);
    }
    store::Status for_each_patient(const store::PatientVisitor& visit, const store::AsOf& as_of,
                                   store::Provenance provenance) const override {
        return base_.for_each_patient(visit, as_of, provenance);
    }
    store::Status scan_log(uint64_t from, uint64_t to,
                           const store::EventVisitor& visit) const override {
        return base_.scan_log(from, to, visit);
    }
    store::Result<store::Event> event(uint64_t seq) const override { return base_.event(seq); }
    store::Result<std::vector<store::Event>> corrections_of(uint64_t seq) const override {
        return base_.corrections_of(seq);
    }
    store::Result<store::TransactionInfo> transaction(uint64_t tx) const override {
        return base_.transaction(tx);
    }
    std::optional<store::TransactionInfo> find_import(const std::string& source) const override {
        return base_.find_import(source);
    }
    store::Result<std::vector<std::string>> patients() const override { return base_.patients(); }
    uint64_t last_seq() const override { return base_.last_seq(); }
    uint64_t last_tx() const override { return base_.last_tx(); }
    store::Result<store::StoreStats> stats() const override { return base_.stats(); }
    store::VerifyReport verify() const override { return base_.verify(); }
    bool read_only() const override { return false; }
    const std::string& path() const override { return base_.path(); }

    store::Status write_projection(std::string_view name,
                                   const std::vector<std::pair<std::string, std::string>>& entries,
                                   uint64_t valid_at_seq, bool replace_all) override {
        auto& held = written_[std::string(name)];
        if (replace_all) held.clear();
        for (const auto& [key, bytes] : entries) {
            if (bytes.empty()) {
                held.erase(key);
            } else {
                held[key] = bytes;
            }
        }
        stamps_[std::string(name)] = valid_at_seq;
        return store::Status::ok();
    }

    const Entries& written(std::string_view name) { return written_[std::string(name)]; }
    uint64_t stamp(std::string_view name) { return stamps_[std::string(name)]; }

  private:
    const store::EventStore& base_;
    std::map<std::string, Entries, std::less<>> written_;
    std::map<std::string, uint64_t, std::less<>> stamps_;
};

}  // namespace

std::string verify_read_models(const store::EventStore& store, std::vector<std::string>& notes) {
    const uint64_t last = store.last_seq();
    std::vector<std::string_view> current;
    for (std::string_view name : {query::kSummaryProjection, query::kDaysProjection}) {
        const auto stamp = store.projection_seq(name);
        if (stamp == last) {
            current.push_back(name);
        } else if (stamp) {
            notes.push_back(
                fmt::format("the stored read model {} reflects event {}, not the "
                            "log's last event {}: readers derive from the log "
                            "instead, and the next writer rebuilds it",
                            name, *stamp, last));
        }
    }
    if (current.empty()) return {};
    CapturingStore rebuilt(store);
    auto report = query::rebuild_projections(rebuilt, last, {}, nullptr);
    if (!report)
        return fmt::format("rebuilding the read models failed: {}", report.status().message());
    for (std::string_view name : current) {
        const Entries& want = rebuilt.written(name);
        auto at = want.begin();
        std::string problem;
        const store::Status scanned =
            store.scan_projection(name, [&](std::string_view key, std::string_view bytes) {
                if (at == want.end() || at->first != key) {
                    problem = fmt::format(
                        "the stored read model {} holds entry '{}', which a "
                        "rebuild from the log does not",
                        name, text::escape_bytes(key));
                    return false;
                }
                if (at->second != bytes) {
                    problem = fmt::format(
                        "the stored read model {}: entry '{}' differs from a "
                        "rebuild from the log",
                        name, text::escape_bytes(key));
                    return false;
                }
                ++at;
                return true;
            });
        if (!scanned) return fmt::format("reading {} failed: {}", name, scanned.message());
        if (!problem.empty()) return problem;
        if (at != want.end()) {
            return fmt::format(
                "the stored read model {} lacks entry '{}' of a rebuild from the log", name,
                text::escape_bytes(at->first));
        }
    }
    return {};
}

}  // namespace dayzero::shell
