#pragma once
// Corrections and signatures as transactions: amend, retract and sign, shared by the CLI
// subcommands. Each is one transaction of one event; a reason is mandatory for corrections.

#include <cstdint>
#include <optional>
#include <string>

#include "store/event_store.h"

namespace dayzero::shell::audit {

// The fields an amendment replaces; unset fields keep the amended event's value.
struct AmendFields {
    std::optional<double> value;
    std::optional<std::string> unit;
    std::optional<std::string> code;
    std::optional<std::string> text;
    std::optional<std::string> note;
    std::optional<int32_t> day;
    std::optional<std::optional<uint16_t>> minute;  // set to nullopt inside = remove the time
};

// Records an amendment of event `seq`: a copy of it with `fields` applied and `reason`.
// Refuses an empty reason, a read-only store, an amendment that changes nothing, a signature.
store::Result<store::TransactionInfo> amend_event(store::EventStore& store, uint64_t seq,
                                                  const AmendFields& fields,
                                                  const std::string& reason,
                                                  const std::string& author);

// Records the retraction of event `seq` with `reason` (refuses an empty reason or read-only).
store::Result<store::TransactionInfo> retract_event(store::EventStore& store, uint64_t seq,
                                                    const std::string& reason,
                                                    const std::string& author);

// Records `signer` signing transaction `tx` with `meaning` (refuses an unknown transaction, an
// empty meaning or signer, read-only). The signer is also the recorded-by of the signature.
store::Result<store::TransactionInfo> sign_transaction(store::EventStore& store, uint64_t tx,
                                                       const std::string& meaning,
                                                       const std::string& signer,
                                                       const std::string& note);

}  // namespace dayzero::shell::audit
