#include "db/database.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <ostream>
#include <utility>

#include "db/corrections.h"
#include "db/signing.h"
#include "query/import_projector.h"
#include "query/ungradable_report.h"

namespace dayzero::db {

using store::Result;
using store::Status;
using store::TransactionInfo;

namespace {

// Commits an import's files; the store hands each chunk back once written to `written`, where
// the import's projector derives the new patients' read models while the import goes on.
class ImportCommitter final : public importers::FileCommitter {
  public:
    ImportCommitter(store::EventStore& store, store::WrittenChunkSink written)
        : store_(store), written_(std::move(written)) {}
    Result<TransactionInfo> commit_file(store::TransactionRequest header,
                                        const store::EventChunkSource& next) override {
        return store_.append_chunked(std::move(header), next, written_);
    }
    // The projector then sees no more chunks: what it derived no longer reaches the store's last
    // event, so the refresh derives every patient from the store (projection_refresh.h).
    void patients_span_files() override { written_ = {}; }

  private:
    store::EventStore& store_;
    store::WrittenChunkSink written_;
};

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& path,
                                                 const DatabaseOptions& options) {
    store::OpenOptions open_options;
    open_options.read_only = options.read_only;
    open_options.create_if_missing = options.create_if_missing;
    open_options.fixed_clock_us = options.fixed_clock_us;
    open_options.fixed_os_account = options.fixed_os_account;
    auto opened = store::EventStore::open(path, open_options);
    if (!opened) return opened.status();
    return std::make_unique<Database>(std::move(opened).value(), options);
}

Database::Database(std::unique_ptr<store::EventStore> store, DatabaseOptions options)
    : store_(std::move(store)), options_(std::move(options)) {
    // A crash between a commit and its refresh, or a newer read-model format, leaves them stale:
    // the writer brings them up to date before anyone reads.
    if (!store_->read_only()) refresh();
}

Database::~Database() = default;

Status Database::check_writable(std::string_view what) const {
    if (!store_->read_only()) return Status::ok();
    return Status::read_only(fmt::format("{} refused: the store is open read-only", what));
}

void Database::refresh(query::DerivedPatients* derived) {
    auto refreshed = query::refresh_projections(*store_, options_.progress, nullptr, derived);
    note_ = refreshed ? std::string()
                      : "note: the stored patient summaries were not updated (" +
                            refreshed.status().message() +
                            "); statements derive from the timelines until then";
}

importers::RunSummary Database::import(const std::vector<std::string>& inputs,
                                       importers::RunOptions options, std::ostream& out,
                                       std::ostream& err) {
    if (options.import.author.empty()) options.import.author = options_.author;
    // Rows that change a stored value become amendments under the rules of `amend`.
    options.import.amend = [this, reason = options.import.reason](uint64_t seq,
                                                                  const store::Event& event) {
        query::Amendment request;
        request.seq = seq;
        request.code = event.code;
        request.unit = event.unit;
        if (event.value) request.value = event.value;
        request.text = event.text;
        request.reason = reason;
        return make_amendment(*store_, request);
    };
    // The new patients' stored summaries and daily grades are derived as their events pass.
    query::ImportProjector projector(*store_);
    ImportCommitter commit(*store_, projector.sink());
    const uint64_t seq_before = store_->last_seq();
    auto summary = importers::run_import(*store_, commit, inputs, options, out, err);
    auto derived = projector.finish();
    // Patients the import touched that cannot be graded are said, never left as "no CRS": from
    // what the projector derived when it derived them all, else from the stored summaries.
    auto from_import = query::ungradable_from_import(derived, seq_before, store_->last_seq());
    refresh(&derived);
    if (store_->last_seq() > seq_before) {
        auto ungraded = from_import ? store::Result<query::UngradedList>(std::move(*from_import))
                                    : query::ungradable_since(*store_, seq_before);
        if (ungraded && ungraded->count() > 0)
            out << query::ungradable_import_line(ungraded.value()) << "\n";
    }
    return summary;
}

Result<TransactionInfo> Database::commit_one(Result<store::Event> event, std::string reason,
                                             std::string author,
                                             std::optional<int64_t> recorded_at_us) {
    if (!event) return event.status();
    store::TransactionRequest request;
    request.recorded_at_us = recorded_at_us;
    request.events.push_back(std::move(event).value());
    request.reason = std::move(reason);
    request.source = "shell";
    request.author = author.empty() ? options_.author : std::move(author);
    auto info = store_->append(std::move(request));
    if (info) refresh();
    return info;
}

Result<TransactionInfo> Database::amend(const query::Amendment& request) {
    if (auto s = check_writable("amend"); !s) return s;
    return commit_one(make_amendment(*store_, request), request.reason, request.author);
}

Result<TransactionInfo> Database::retract(const query::Retraction& request) {
    if (auto s = check_writable("retract"); !s) return s;
    return commit_one(make_retraction(*store_, request), request.reason, request.author);
}

Result<TransactionInfo> Database::sign(const query::Signing& request) {
    if (auto s = check_writable("sign"); !s) return s;
    query::Signing signing = request;
    if (!signing.key && !signing.key_path.empty()) {
        auto key = open_key(signing.key_path);
        if (!key) return key.status();
        signing.key = std::move(key).value();
    }
    // The signature signs its own recording time, so the instant is chosen before the append.
    const int64_t signed_at = signing_instant();
    auto event = make_signature(*store_, signing, signed_at);
    if (!event) return event.status();
    // The signer (the key's registered name) is the one who records the signature.
    std::string signer = event->text;
    return commit_one(std::move(event), std::string(), std::move(signer), signed_at);
}

int64_t Database::signing_instant() const {
    if (!options_.fixed_clock_us) {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
    // Tests: one second after the last transaction, as the test clock would place it.
    int64_t at = *options_.fixed_clock_us;
    if (store_->last_tx() > 0) {
        if (auto last = store_->transaction(store_->last_tx()))
            at = std::max(at, last->recorded_at_us + 1'000'000);
    }
    return at;
}

Result<std::shared_ptr<const store::SigningKey>> Database::open_key(const std::string& path) const {
    if (!options_.passphrase) {
        return Status::invalid_argument(fmt::format(
            "sign refused: nothing here can ask for the passphrase of '{}'; sign with dayzero "
            "sign TX --meaning M --key FILE",
            path));
    }
    auto passphrase = options_.passphrase(path);
    if (!passphrase)
        return Status(passphrase.status().code(), "sign refused: " + passphrase.status().message());
    auto key = store::SigningKey::load(path, *passphrase);
    if (!key) return Status(key.status().code(), "sign refused: " + key.status().message());
    return std::shared_ptr<const store::SigningKey>(std::move(key).value());
}

Result<TransactionInfo> Database::register_key(const std::string& public_key_pem,
                                               const std::string& name, const std::string& reason,
                                               const std::string& author) {
    if (auto s = check_writable("register-key"); !s) return s;
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        return Status::invalid_argument("register-key refused: a reason is mandatory");
    return commit_one(make_key_registration(*store_, public_key_pem, name), reason, author);
}

Result<TransactionInfo> Database::revoke_key(const std::string& key, const std::string& reason,
                                             const std::string& author) {
    if (auto s = check_writable("revoke-key"); !s) return s;
    return commit_one(make_key_revocation(*store_, key, reason), reason, author);
}

Result<TransactionInfo> Database::save_cohort(const query::CohortSave& request) {
    if (auto s = check_writable("save cohort"); !s) return s;
    return commit_one(make_cohort_save(*store_, request), request.reason, request.author);
}

Result<TransactionInfo> Database::drop_cohort(const query::CohortDrop& request) {
    if (auto s = check_writable("drop cohort"); !s) return s;
    return commit_one(make_cohort_drop(*store_, request), request.reason, request.author);
}

Status Database::load_recorded(const std::function<Status(const RecordedCommit&)>& load) {
    if (auto s = check_writable("loading a replay stream"); !s) return s;
    const Status loaded = load(
        [this](store::TransactionRequest request) { return store_->append(std::move(request)); });
    refresh();
    return loaded;
}

}  // namespace dayzero::db
