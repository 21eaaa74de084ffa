#pragma once
// Writer: the writes a statement may ask for (amend, retract, sign, saved cohorts), as the engine
// sees them. The one implementation is db::Database, which commits them and brings the read models
// up to date in the same call; the engine itself never writes to the store.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "query/saved_cohorts.h"
#include "store/ed25519.h"
#include "store/event_store.h"

namespace dayzero::query {

// A correction of event `seq`: the fields given replace the event's; the others are kept.
struct Amendment {
    uint64_t seq = 0;
    std::optional<double> value;
    std::optional<std::string> unit;  // the value's unit (e.g. F, converted to the kind's unit)
    std::optional<std::string> code;
    std::optional<std::string> text;
    std::optional<std::string> note;
    std::optional<int32_t> day;
    std::optional<std::optional<uint16_t>> minute;  // set to nullopt inside: remove the time
    std::string reason;                             // mandatory
    std::string author;                             // empty: the writer's default author
};

// The withdrawal of event `seq`; the event stays in the history.
struct Retraction {
    uint64_t seq = 0;
    std::string reason;  // mandatory
    std::string author;  // empty: the writer's default author
};

// The holder of `key` signs transaction `tx` with `meaning` (e.g. "reviewed"); the printed name
// is the one the key is registered under, and it is recorded-by. Without a key the signing is
// refused (`signer` alone is a typed name, which proves nothing; store/signature.h).
struct Signing {
    uint64_t tx = 0;
    std::string meaning;
    std::string signer;  // the name the statement typed: checked against the key's, when given
    std::string note;
    std::shared_ptr<const store::SigningKey> key;
    // Or the key's file, which the writer opens with the passphrase it asks for (statements).
    std::string key_path;
};

// Records cohort (or definition) `name` with condition (settings) `text`
// (query/saved_cohorts.h has the encoding); saving it again with another text replaces it (an
// amendment of its record).
struct CohortSave {
    std::string name;
    std::string text;
    int64_t size = 0;    // patients when saved
    std::string reason;  // optional
    std::string author;  // empty: the writer's default author
    SavedKind kind = SavedKind::kCohort;
};

// Withdraws saved cohort (or definition) `name` (a retraction of its record; the history keeps
// it).
struct CohortDrop {
    std::string name;
    std::string reason;  // mandatory
    std::string author;  // empty: the writer's default author
    SavedKind kind = SavedKind::kCohort;
};

class Writer {
  public:
    virtual ~Writer() = default;
    // Each records one transaction of one event and returns it, or says why it was refused
    // (read-only store, missing reason, unknown target, a signature as target, no change, a
    // value the import rules would refuse). Nothing is written when refused.
    virtual store::Result<store::TransactionInfo> amend(const Amendment& amendment) = 0;
    virtual store::Result<store::TransactionInfo> retract(const Retraction& retraction) = 0;
    virtual store::Result<store::TransactionInfo> sign(const Signing& signing) = 0;
    // Each records one transaction of one event; refused for a read-only store, a save that
    // changes nothing, a drop without a reason or of a cohort (definition) that is not saved.
    virtual store::Result<store::TransactionInfo> save_cohort(const CohortSave& save) = 0;
    virtual store::Result<store::TransactionInfo> drop_cohort(const CohortDrop& drop) = 0;
};

}  // namespace dayzero::query
