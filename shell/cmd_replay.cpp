// `dayzero replay`: streams the log transaction by transaction (JSON Lines or CSV), or loads
// such a stream into a store (`--load FILE`), reproducing the same seqs, instants and hashes.
#include <CLI/CLI.hpp>

#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "shell/audit_open.h"
#include "shell/audit_receipt.h"
#include "shell/audit_replay_format.h"
#include "shell/audit_replay_loader.h"
#include "shell/audit_replay_scratch.h"
#include "shell/commands.h"
#include "store/signature.h"

namespace dayzero::shell {
namespace {

struct ReplayOptions {
    uint64_t from_seq = 1;
    std::optional<uint64_t> to_seq;
    std::string until;
    std::string format = "json";
    std::string out_path;
    std::string load_path;
    bool rehash = false;
};

int stream_log(const CommandContext& ctx, const ReplayOptions& opt) {
    auto range = audit::make_log_range(opt.from_seq, opt.to_seq, opt.until);
    if (!range) {
        std::cerr << "dayzero replay: " << range.status().message() << "\n";
        return 2;
    }
    // Reading never needs write access: replay always opens read-only.
    auto store = audit::open_store(ctx.db_path, true, false, "replay", std::cerr);
    if (!store) return 1;
    std::ofstream file;
    if (!opt.out_path.empty() && opt.out_path != "-") {
        file.open(opt.out_path, std::ios::binary | std::ios::trunc);
        if (!file) {
            std::cerr << "dayzero replay: cannot write '" << opt.out_path << "'\n";
            return 1;
        }
    }
    std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
    const bool json = opt.format == "json";
    out << (json ? audit::replay_json_header() : audit::replay_csv_header());
    store::Status status =
        audit::scan_transactions(*store, *range, [&out, json](const audit::LoggedTransaction& tx) {
            out << (json ? audit::replay_json_line(tx) : audit::replay_csv_rows(tx));
            return static_cast<bool>(out);
        });
    out.flush();
    if (!status) {
        std::cerr << "dayzero replay: " << status.message() << "\n";
        return 1;
    }
    if (!out) {
        std::cerr << "dayzero replay: writing the stream failed\n";
        return 1;
    }
    return 0;
}

// The operating-system account running the load: the signer of a re-hash marker.
std::string os_account() {
    const passwd* pw = ::getpwuid(::geteuid());
    return pw != nullptr && pw->pw_name != nullptr ? std::string(pw->pw_name)
                                                   : std::to_string(::geteuid());
}

// The transaction `--rehash` appends after the loaded ones (store/signature.h, kRehashSource).
store::TransactionRequest rehash_marker(const store::EventStore& store, const std::string& from) {
    store::TransactionRequest marker;
    marker.events.push_back(store::make_signature_event(
        store.last_tx(), std::string(store::kRehashMeaning), os_account(),
        fmt::format("transactions 1..{} loaded from {} without checking their hashes",
                    store.last_tx(), from)));
    marker.source = std::string(store::kRehashSource);
    marker.reason = "history rebuilt from a stream whose hashes were not checked";
    marker.expected_last_seq = store.last_seq();
    return marker;
}

int load_stream(const CommandContext& ctx, const ReplayOptions& opt) {
    if (ctx.read_only) {
        std::cerr << "dayzero replay: --load refused: --read-only forbids writing to '"
                  << ctx.db_path << "'\n";
        return 1;
    }
    std::ifstream file;
    const bool from_stdin = opt.load_path == "-";
    if (!from_stdin) {
        file.open(opt.load_path, std::ios::binary);
        if (!file) {
            std::cerr << "dayzero replay: cannot read '" << opt.load_path << "'\n";
            return 1;
        }
    }
    auto database = audit::open_database(ctx.db_path, true, "replay", std::cerr);
    if (!database) return 1;
    const store::EventStore& target = database->store();
    if (opt.rehash && target.last_tx() > 0) {
        std::cerr << "dayzero replay: --rehash rebuilds a whole store: '" << ctx.db_path
                  << "' already holds " << target.last_tx() << " transactions\n";
        return 1;
    }
    std::istream& in = from_stdin ? std::cin : static_cast<std::istream&>(file);
    const std::string name = from_stdin ? "<stdin>" : opt.load_path;
    // The whole stream is loaded and checked in a scratch store first: a bad transaction anywhere
    // leaves the real store exactly as it was.
    auto scratch = audit::load_into_scratch(
        in, name, target, ctx.db_path,
        opt.rehash ? audit::HashCheck::kIgnored : audit::HashCheck::kRequired);
    if (!scratch) {
        std::cerr << "dayzero replay: " << scratch.status().message() << "\n";
        return 1;
    }
    audit::LoadReport report;
    const store::Status loaded = database->load_recorded([&](const db::RecordedCommit& commit) {
        auto result = audit::copy_transactions(scratch.value()->store(), target, commit);
        if (!result) return result.status();
        report = std::move(result).value();
        if (opt.rehash && report.transactions > 0) {
            auto marked = commit(rehash_marker(target, name));
            if (!marked) return marked.status();
            report.last_hash = marked->hash_hex;
        }
        return store::Status::ok();
    });
    if (const auto& note = database->read_model_note(); !note.empty())
        std::cerr << "dayzero replay: " << note << "\n";
    if (!loaded) {
        std::cerr << "dayzero replay: " << loaded.message() << "\n";
        return 1;
    }
    std::cout << "replayed " << report.transactions << " transactions, " << report.events
              << " events into " << ctx.db_path << "; head hash " << report.last_hash << "\n";
    if (opt.rehash && report.transactions > 0) {
        std::cout << "marked transactions 1.." << report.transactions
                  << " as re-hashed (their hashes were computed here, not checked against the "
                     "stream); verify reports it\n";
    }
    if (target.last_tx() > 0) {
        auto head = target.transaction(target.last_tx());
        if (head) {
            std::cout << "receipt: "
                      << audit::format_receipt({head->tx, head->hash_hex, head->recorded_at_us})
                      << "\n";
        }
    }
    return 0;
}

}  // namespace

void register_replay_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand(
        "replay", "Stream the event log in recorded order, or load a stream (--load FILE)");
    add_store_options(*sub, ctx);
    auto opt = std::make_shared<ReplayOptions>();
    auto* from = sub->add_option("--from", opt->from_seq, "First sequence number (default 1)");
    auto* to = sub->add_option("--to", opt->to_seq, "Last sequence number");
    auto* until =
        sub->add_option("--until", opt->until, "Last instant (UTC ISO 8601; a date means its end)");
    auto* format = sub->add_option("--format", opt->format, "Stream format: json (default) or csv")
                       ->check(CLI::IsMember({"json", "csv"}));
    auto* out =
        sub->add_option("--out", opt->out_path, "Write the stream to FILE (default stdout)");
    auto* load = sub->add_option("--load", opt->load_path,
                                 "Load a replay stream (FILE or - for stdin) into the --db store");
    auto* rehash = sub->add_flag(
        "--rehash", opt->rehash,
        "With --load: rebuild from a stream whose hashes are missing or not trusted; the new "
        "store's history is marked as re-hashed");
    rehash->needs(load);
    to->excludes(until);
    for (auto* reading_only : {from, to, until, format, out})
        load->excludes(reading_only);
    sub->callback([&ctx, opt] {
        ctx.exit_code = opt->load_path.empty() ? stream_log(ctx, *opt) : load_stream(ctx, *opt);
    });
}

}  // namespace dayzero::shell
