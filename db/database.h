#pragma once
// Database: the one writer. It owns the open store and commits every change — imports, amend,
// retract, sign (from the command line or a statement), replay loads — and brings the read models
// (the stored patient summaries and daily grades, readmodel code in query/) up to date in the
// same call, so no caller refreshes anything and no read ever writes. Readers get the store as
// const; nothing outside this class holds a writable store.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "importers/import_runner.h"
#include "query/summary_projection.h"
#include "query/writer.h"
#include "store/event_store.h"

namespace dayzero::db {

struct DatabaseOptions {
    bool read_only = false;         // open without any ability to write
    bool create_if_missing = true;  // create a new store when the folder does not exist
    std::string author;             // recorded-by of writes that name none; "" = the OS user
    // Tests: the first transaction is recorded at this instant, each later one 1 s after it.
    std::optional<int64_t> fixed_clock_us;
    // Tests: the operating-system account recorded instead of the process's.
    std::optional<std::string> fixed_os_account;
    // Asks for the passphrase of a key file a `sign ... using 'FILE'` statement names; unset:
    // such statements are refused (there is no one to ask).
    std::function<store::Result<std::string>(const std::string& key_path)> passphrase;
    // Reports a long rebuild of the read models (done of total patients; total 0 = unknown).
    query::PatientProgressFn progress;
};

// Commits transactions exactly as recorded elsewhere (a replay stream: author, reason, source and
// instant given); returns what the store recorded.
using RecordedCommit =
    std::function<store::Result<store::TransactionInfo>(store::TransactionRequest request)>;

class Database final : public query::Writer {
  public:
    // Opens (or creates) the store in `path`. A writer brings stale read models up to date here
    // (after a crash between a commit and its refresh, or a format change).
    static store::Result<std::unique_ptr<Database>> open(const std::string& path,
                                                         const DatabaseOptions& options = {});
    // Takes an opened store (tests, benchmarks) and, as open() does, brings the read models up to
    // date when it can write.
    explicit Database(std::unique_ptr<store::EventStore> store, DatabaseOptions options = {});
    ~Database() override;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // Everything a reader needs: the log, timelines and the read models.
    const store::EventStore& store() const { return *store_; }
    bool read_only() const { return store_->read_only(); }
    // Readers: see what the writer has committed since open (or the last catch-up).
    store::Status catch_up() { return store_->refresh(); }

    // Imports files (importers::run_import: reports to `out`, problems to `err`), each its own
    // transaction, deriving new patients' read models as their events pass.
    importers::RunSummary import(const std::vector<std::string>& inputs,
                                 importers::RunOptions options, std::ostream& out,
                                 std::ostream& err);

    // Corrections and signatures (db/corrections.h has the rules).
    store::Result<store::TransactionInfo> amend(const query::Amendment& request) override;
    store::Result<store::TransactionInfo> retract(const query::Retraction& request) override;
    store::Result<store::TransactionInfo> sign(const query::Signing& request) override;
    // Signing keys (db/signing.h has the rules): registers the Ed25519 public key in
    // `public_key_pem` for `name`, or revokes the registration of `key` (key id or PEM text).
    // Each is one transaction with its reason (mandatory) and author ("" = the default).
    store::Result<store::TransactionInfo> register_key(const std::string& public_key_pem,
                                                       const std::string& name,
                                                       const std::string& reason,
                                                       const std::string& author);
    store::Result<store::TransactionInfo> revoke_key(const std::string& key,
                                                     const std::string& reason,
                                                     const std::string& author);
    // Saved cohorts (query/saved_cohorts.h has the records, db/corrections.h the rules).
    store::Result<store::TransactionInfo> save_cohort(const query::CohortSave& request) override;
    store::Result<store::TransactionInfo> drop_cohort(const query::CohortDrop& request) override;

    // Runs `load`, which commits recorded transactions through the function it is given; the
    // read models are brought up to date once, after it returns (also when it fails: what it
    // committed stays). Returns what `load` returned.
    store::Status load_recorded(const std::function<store::Status(const RecordedCommit&)>& load);

    // After a write: "" when the read models are current, else a one-line note for the user (the
    // write itself stands; statements derive from the timelines until a later write succeeds).
    const std::string& read_model_note() const { return note_; }

  private:
    // Refuses writes to a read-only store, naming `what`.
    store::Status check_writable(std::string_view what) const;
    // One event as one transaction, then the refresh.
    store::Result<store::TransactionInfo> commit_one(
        store::Result<store::Event> event, std::string reason, std::string author,
        std::optional<int64_t> recorded_at_us = std::nullopt);
    // The instant a signature is made at (and recorded at): now, or under the test clock the
    // second after the last transaction.
    int64_t signing_instant() const;
    // The key in file `path`, opened with the passphrase options_.passphrase gives.
    store::Result<std::shared_ptr<const store::SigningKey>> open_key(const std::string& path) const;
    // Brings the read models up to date with the log (using `derived` when an import gave it).
    void refresh(query::DerivedPatients* derived = nullptr);

    std::unique_ptr<store::EventStore> store_;
    DatabaseOptions options_;
    std::string note_;
};

}  // namespace dayzero::db
