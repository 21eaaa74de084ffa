// `dayzero verify --db PATH`: recomputes the hash chain, RocksDB checksums and index
// consistency. Exit 0 with a one-line summary; 1 when the store cannot be opened; 3 naming the
// first bad transaction (or the damaged file) when verification fails.
#include <CLI/CLI.hpp>

#include <iostream>

#include <fmt/format.h>

#include "shell/commands.h"
#include "store/event_store.h"

namespace dayzero::shell {
namespace {

constexpr int kExitCannotOpen = 1;
constexpr int kExitVerifyFailed = 3;

int run_verify(const CommandContext& ctx) {
    // Verification never writes: open as a reader so it also works beside a running writer.
    store::OpenOptions options;
    options.read_only = true;
    options.create_if_missing = false;
    auto opened = store::EventStore::open(ctx.db_path, options);
    if (!opened) {
        // Damage RocksDB already notices while opening is a verification failure too.
        if (opened.status().code() == store::StatusCode::kCorruption) {
            std::cout << "FAILED: " << opened.status().message() << "\n";
            return kExitVerifyFailed;
        }
        std::cerr << "dayzero verify: " << opened.status().message() << "\n";
        return kExitCannotOpen;
    }
    auto& store = *opened.value();
    const store::VerifyReport report = store.verify();
    if (!report.ok) {
        const std::string where =
            report.first_bad_tx > 0 ? fmt::format("transaction {}: ", report.first_bad_tx) : "";
        std::cout << fmt::format("FAILED: {}{} ({} transactions, {} events verified before it)\n",
                                 where, report.problem, report.transactions_checked,
                                 report.events_checked);
        return kExitVerifyFailed;
    }
    std::string head = "empty store";
    if (store.last_tx() > 0) {
        auto last = store.transaction(store.last_tx());
        if (last) head = "head " + last->hash_hex;
    }
    std::cout << fmt::format(
        "OK: {} transactions, {} events; hash chain, checksums and indexes verified; {}\n",
        report.transactions_checked, report.events_checked, head);
    return 0;
}

}  // namespace

void register_verify_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("verify", "Check the hash chain, checksums and indexes");
    add_store_options(*sub, ctx);
    sub->callback([&ctx] { ctx.exit_code = run_verify(ctx); });
}

}  // namespace dayzero::shell
