#include "query/as_of_note.h"

#include "query/definitions.h"

namespace dayzero::query {

std::string as_of_note(const store::EventStore& store, const store::AsOf& as_of) {
    std::string note = "as of " + describe_as_of(as_of);
    if (as_of.seq) note += cut_transaction_clause(store, *as_of.seq);
    return note;
}

std::string cut_transaction_clause(const store::EventStore& store, uint64_t seq) {
    if (seq == 0 || seq >= store.last_seq()) return {};
    auto event = store.event(seq);
    if (!event) return {};
    auto tx = store.transaction(event->tx);
    if (!tx || seq >= tx->last_seq) return {};
    const std::string t = std::to_string(tx->tx);
    return " (inside transaction " + t + ", seq " + std::to_string(tx->first_seq) + " to " +
           std::to_string(tx->last_seq) + ": only its part up to here is counted, a state the " +
           "store never showed; seq " + std::to_string(tx->first_seq - 1) +
           " is before the transaction, seq " + std::to_string(tx->last_seq) + " after it)";
}

}  // namespace dayzero::query
