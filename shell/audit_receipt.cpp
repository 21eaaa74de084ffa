#include "shell/audit_receipt.h"

#include <charconv>

#include <fmt/format.h>

#include "shell/audit_time.h"

namespace dayzero::shell::audit {
namespace {

constexpr std::string_view kPrefix = "dayzero-receipt/";

bool is_hash_hex(std::string_view s) {
    if (s.size() != 64) return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace

std::string format_receipt(const Receipt& receipt) {
    return fmt::format("{}{}/{}/{}", kPrefix, receipt.tx, receipt.hash_hex,
                       format_instant(receipt.at_us));
}

std::optional<Receipt> parse_receipt(std::string_view text, std::string& error) {
    const std::string shape = "expected dayzero-receipt/<transaction>/<64 hex digits>/<instant>";
    if (text.substr(0, kPrefix.size()) != kPrefix) {
        error = fmt::format("'{}' is not a receipt ({})", text, shape);
        return std::nullopt;
    }
    std::string_view rest = text.substr(kPrefix.size());
    const size_t slash1 = rest.find('/');
    const size_t slash2 = slash1 == std::string_view::npos ? slash1 : rest.find('/', slash1 + 1);
    if (slash2 == std::string_view::npos) {
        error = fmt::format("'{}' is not a receipt ({})", text, shape);
        return std::nullopt;
    }
    Receipt r;
    const std::string_view tx = rest.substr(0, slash1);
    const auto [end, ec] = std::from_chars(tx.data(), tx.data() + tx.size(), r.tx);
    if (tx.empty() || ec != std::errc() || end != tx.data() + tx.size()) {
        error = fmt::format("receipt '{}': transaction '{}' is not a number", text, tx);
        return std::nullopt;
    }
    r.hash_hex = std::string(rest.substr(slash1 + 1, slash2 - slash1 - 1));
    if (!is_hash_hex(r.hash_hex)) {
        error = fmt::format("receipt '{}': '{}' is not 64 lower-case hex digits", text, r.hash_hex);
        return std::nullopt;
    }
    const auto at = parse_instant(rest.substr(slash2 + 1));
    if (!at) {
        error =
            fmt::format("receipt '{}': '{}' is not a UTC instant", text, rest.substr(slash2 + 1));
        return std::nullopt;
    }
    r.at_us = *at;
    return r;
}

std::string check_receipt(const store::EventStore& store, uint64_t verified_tx,
                          const Receipt& receipt) {
    const std::string issued = format_instant(receipt.at_us);
    if (receipt.tx > verified_tx) {
        return fmt::format(
            "the store ends at transaction {}, but the receipt of {} saw transaction "
            "{}: history was truncated or rolled back",
            verified_tx, issued, receipt.tx);
    }
    std::string hash(64, '0');
    if (receipt.tx > 0) {
        auto tx = store.transaction(receipt.tx);
        if (!tx) return fmt::format("transaction {}: {}", receipt.tx, tx.status().message());
        hash = tx->hash_hex;
    }
    if (hash != receipt.hash_hex) {
        return fmt::format(
            "transaction {} is not the one the receipt of {} saw (its hash differs): "
            "history up to it was rewritten or rebuilt",
            receipt.tx, issued);
    }
    return {};
}

}  // namespace dayzero::shell::audit
