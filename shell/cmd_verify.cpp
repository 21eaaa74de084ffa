// `dayzero verify --db PATH [--expect RECEIPT]`: recomputes the hash chain and compares every
// other stored byte with the log (store/verify_checks.h, shell/verify_read_models.h). Exit 0 with
// a summary and a receipt; 1 when the store cannot be opened or the receipt is malformed; 3 naming
// the first problem (or a receipt the store no longer extends) when verification fails.
#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "shell/audit_receipt.h"
#include "shell/commands.h"
#include "shell/store_path.h"
#include "shell/verify_read_models.h"
#include "store/event_store.h"

namespace dayzero::shell {
namespace {

constexpr int kExitCannotOpen = 1;
constexpr int kExitVerifyFailed = 3;

int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// The store's own verification, then its read models compared with a rebuild from the log.
store::VerifyReport verify_whole(const store::EventStore& store) {
    store::VerifyReport report = store.verify();
    if (report.ok) {
        // The read models' content belongs to query/: compared here, with a rebuild from the log.
        if (std::string problem = verify_read_models(store, report.notes); !problem.empty()) {
            report.ok = false;
            report.problem = std::move(problem);
        }
    }
    return report;
}

int run_verify(const CommandContext& ctx, const std::string& expect) {
    std::optional<audit::Receipt> expected;
    if (!expect.empty()) {
        std::string error;
        expected = audit::parse_receipt(expect, error);
        if (!expected) {
            std::cerr << "dayzero verify: --expect: " << error << "\n";
            return kExitCannotOpen;
        }
    }
    if (const std::string problem = existing_store_problem(ctx.db_path); !problem.empty()) {
        std::cerr << "dayzero verify: " << problem << "\n";
        return kExitCannotOpen;
    }
    // Verification never writes: open as a reader so it also works beside a running writer.
    store::OpenOptions options;
    options.read_only = true;
    options.create_if_missing = false;
    options.open_all_tables = true;  // every table file opened and checked
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
    store::VerifyReport report = verify_whole(store);
    // Beside a running writer a pass can fail on the writer's own work (a table file its
    // compaction removed while it was being read). Damage stays put: a failure is reported only
    // when it is seen again after catching up with the writer, three passes in a row.
    for (int pass = 1; pass < 3 && !report.ok; ++pass) {
        if (auto caught_up = store.refresh(); !caught_up) {
            if (caught_up.code() != store::StatusCode::kCorruption) {
                std::cerr << "dayzero verify: " << caught_up.message() << "\n";
                return kExitCannotOpen;
            }
            std::cout << "FAILED: " << caught_up.message() << "\n";
            return kExitVerifyFailed;
        }
        report = verify_whole(store);
    }
    if (!report.ok && report.incomplete) {
        std::cerr << "dayzero verify: could not check every file (" << report.problem
                  << "); raise the limit on open files (ulimit -n) and run verify again\n";
        return kExitCannotOpen;
    }
    if (!report.ok) {
        const std::string where =
            report.first_bad_tx > 0 ? fmt::format("transaction {}: ", report.first_bad_tx) : "";
        std::cout << fmt::format("FAILED: {}{} ({} transactions, {} events verified before it)\n",
                                 where, report.problem, report.transactions_checked,
                                 report.events_checked);
        return kExitVerifyFailed;
    }
    if (expected) {
        if (std::string problem =
                audit::check_receipt(store, report.transactions_checked, *expected);
            !problem.empty()) {
            std::cout << "FAILED: receipt " << expect << ": " << problem << "\n";
            return kExitVerifyFailed;
        }
    }
    for (const std::string& note : report.notes)
        std::cout << "note: " << note << "\n";
    const std::string head = report.transactions_checked > 0 ? "head " + report.head_hash_hex
                                                             : std::string("empty store");
    std::cout << fmt::format(
        "OK: {} transactions, {} events; hash chain, checksums, indexes, corrections, patients, "
        "imports, counters, signatures, read models and files verified; {}\n",
        report.transactions_checked, report.events_checked, head);
    if (expected) {
        std::cout << "extends receipt " << expect << "\n";
    }
    std::cout << "receipt: "
              << audit::format_receipt(
                     {report.transactions_checked, report.head_hash_hex, now_us()})
              << "\n";
    return 0;
}

}  // namespace

void register_verify_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("verify", "Check the hash chain, checksums and indexes");
    add_store_options(*sub, ctx);
    auto expect = std::make_shared<std::string>();
    sub->add_option("--expect", *expect,
                    "Fail unless the store still extends this receipt (printed by verify, sign, "
                    "import)");
    sub->callback([&ctx, expect] { ctx.exit_code = run_verify(ctx, *expect); });
}

}  // namespace dayzero::shell
