// `dayzero audit export` (the audit trail as CSV) and the writing subcommands `dayzero amend`,
// `dayzero retract`, `dayzero sign`, `dayzero register-key` and `dayzero revoke-key`, which
// refuse to run with --read-only.
#include <CLI/CLI.hpp>

#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "db/database.h"
#include "query/body_size_doses.h"
#include "shell/audit_open.h"
#include "shell/audit_receipt.h"
#include "shell/audit_time.h"
#include "shell/audit_trail.h"
#include "shell/commands.h"
#include "shell/passphrase.h"
#include "store/ed25519.h"
#include "text/clock_time.h"

namespace dayzero::shell {
namespace {

struct ExportOptions {
    std::string out_path;
    uint64_t from_seq = 1;
    std::optional<uint64_t> to_seq;
    std::string until;
};

int export_trail(const CommandContext& ctx, const ExportOptions& opt) {
    auto range = audit::make_log_range(opt.from_seq, opt.to_seq, opt.until);
    if (!range) {
        std::cerr << "dayzero audit export: " << range.status().message() << "\n";
        return 2;
    }
    auto store = audit::open_store(ctx.db_path, true, false, "audit export", std::cerr);
    if (!store) return 1;
    std::ofstream file;
    if (opt.out_path != "-") {
        file.open(opt.out_path, std::ios::binary | std::ios::trunc);
        if (!file) {
            std::cerr << "dayzero audit export: cannot write '" << opt.out_path << "'\n";
            return 1;
        }
    }
    std::ostream& out = file.is_open() ? static_cast<std::ostream&>(file) : std::cout;
    auto report = audit::write_audit_trail(*store, *range, out);
    if (!report) {
        std::cerr << "dayzero audit export: " << report.status().message() << "\n";
        return 1;
    }
    if (file.is_open()) {
        std::cout << "wrote " << opt.out_path << ": " << report->transactions << " transactions, "
                  << report->events << " events (" << report->signatures << " signatures)\n";
    }
    return 0;
}

using WriteAction = std::function<store::Result<store::TransactionInfo>(db::Database& database)>;

// Opens the store for writing (refused with --read-only), runs `write` and reports the result.
int run_write(const CommandContext& ctx, const std::string& command, const WriteAction& write) {
    if (ctx.read_only) {
        std::cerr << "dayzero " << command << ": refused: --read-only forbids writing to '"
                  << ctx.db_path << "'\n";
        return 1;
    }
    auto database = audit::open_database(ctx.db_path, false, command, std::cerr);
    if (!database) return 1;
    const store::Result<store::TransactionInfo> written = write(*database);
    if (!written) {
        std::cerr << "dayzero " << command << ": " << written.status().message() << "\n";
        return 1;
    }
    std::cout << command << ": recorded seq " << written->first_seq << " in transaction "
              << written->tx << " at " << audit::format_instant(written->recorded_at_us) << " by "
              << written->author << "\n";
    if (command == "sign") {
        // A signature is what an auditor most wants to find again: its receipt, kept outside the
        // store, later proves it was not removed (verify --expect).
        std::cout << "receipt: "
                  << audit::format_receipt(
                         {written->tx, written->hash_hex, written->recorded_at_us})
                  << "\n";
    }
    if (const auto& note = database->read_model_note(); !note.empty())
        std::cerr << "dayzero " << command << ": " << note << "\n";
    return 0;
}

struct CorrectionOptions {
    uint64_t target = 0;
    std::string reason;
    std::string by;
    std::optional<double> value;
    std::optional<std::string> unit, code, text, note, time;
    std::optional<int32_t> day;
    std::string meaning;
    std::string key_path;
    PassphraseSource passphrase;
};

// The whole text of `path` (a public key file), or nullopt.
std::optional<std::string> read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void register_export(CLI::App& audit_app, CommandContext& ctx) {
    auto* sub = audit_app.add_subcommand("export", "Write the audit trail as CSV");
    add_store_options(*sub, ctx);
    auto opt = std::make_shared<ExportOptions>();
    sub->add_option("--out", opt->out_path, "CSV file to write (- for stdout)")->required();
    sub->add_option("--from", opt->from_seq, "First sequence number (default 1)");
    auto* to = sub->add_option("--to", opt->to_seq, "Last sequence number");
    sub->add_option("--until", opt->until, "Last instant (UTC ISO 8601)")->excludes(to);
    sub->callback([&ctx, opt] { ctx.exit_code = export_trail(ctx, *opt); });
}

void register_amend(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("amend", "Correct an event: a new event that replaces it");
    add_store_options(*sub, ctx);
    auto opt = std::make_shared<CorrectionOptions>();
    sub->add_option("seq", opt->target, "Sequence number of the event to amend")->required();
    sub->add_option("--reason", opt->reason, "Why (mandatory)");
    sub->add_option("--by", opt->by, "Who is recording (default: operating-system user)");
    sub->add_option("--value", opt->value, "New value");
    sub->add_option("--unit", opt->unit, "New unit");
    sub->add_option("--code", opt->code, "New code");
    sub->add_option("--text", opt->text, "New text value");
    sub->add_option("--note", opt->note, "New note");
    sub->add_option("--day", opt->day, "New day post-infusion");
    sub->add_option("--time", opt->time, "New clock time HH:MM, or 'none'");
    sub->callback([&ctx, opt] {
        query::Amendment request;
        request.seq = opt->target;
        request.value = opt->value;
        request.unit = opt->unit;
        request.code = opt->code;
        request.text = opt->text;
        request.note = opt->note;
        request.day = opt->day;
        request.reason = opt->reason;
        request.author = opt->by;
        if (opt->time) {
            const std::string& t = *opt->time;
            if (t == "none") {
                request.minute = std::optional<uint16_t>{};
            } else if (const auto minute = text::parse_clock(t)) {
                request.minute = *minute;
            } else {
                std::cerr << "dayzero amend: --time: '" << t
                          << "' is not HH:MM (00:00 to 23:59) or none\n";
                ctx.exit_code = 2;
                return;
            }
        }
        std::string note;  // doses the amended body size leaves as they were, if any
        ctx.exit_code = run_write(ctx, "amend", [&](db::Database& database) {
            auto written = database.amend(request);
            if (written) note = query::doses_left_by_body_size_amend(database.store(), request.seq);
            return written;
        });
        if (ctx.exit_code == 0 && !note.empty()) std::cout << "note: " << note << "\n";
    });
}

void register_retract(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("retract", "Withdraw an event, keeping it in the history");
    add_store_options(*sub, ctx);
    auto opt = std::make_shared<CorrectionOptions>();
    sub->add_option("seq", opt->target, "Sequence number of the event to retract")->required();
    sub->add_option("--reason", opt->reason, "Why (mandatory)");
    sub->add_option("--by", opt->by, "Who is recording (default: operating-system user)");
    sub->callback([&ctx, opt] {
        ctx.exit_code = run_write(ctx, "retract", [&](db::Database& database) {
            return database.retract(query::Retraction{opt->target, opt->reason, opt->by});
        });
    });
}

void register_sign(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("sign", "Sign a transaction (21 CFR 11.50)");
    add_store_options(*sub, ctx);
    auto opt = std::make_shared<CorrectionOptions>();
    sub->add_option("tx", opt->target, "Transaction number to sign")->required();
    sub->add_option("--meaning", opt->meaning, "reviewed, approved, verified, ...")->required();
    sub->add_option("--key", opt->key_path,
                    "The signer's passphrase-protected private key file (dayzero keygen)");
    sub->add_option("--by", opt->by,
                    "The signer's name, checked against the name the key is registered under");
    sub->add_option("--note", opt->note, "Free text");
    add_passphrase_options(*sub, opt->passphrase);
    sub->callback([&ctx, opt] {
        std::shared_ptr<const store::SigningKey> key;
        if (!opt->key_path.empty() && !ctx.read_only) {
            auto passphrase =
                read_passphrase(opt->passphrase, "Passphrase for " + opt->key_path + ": ", false);
            if (!passphrase) {
                std::cerr << "dayzero sign: " << passphrase.status().message() << "\n";
                ctx.exit_code = 1;
                return;
            }
            auto loaded = store::SigningKey::load(opt->key_path, *passphrase);
            if (!loaded) {
                std::cerr << "dayzero sign: refused: " << loaded.status().message() << "\n";
                ctx.exit_code = 1;
                return;
            }
            key = std::move(loaded).value();
        }
        ctx.exit_code = run_write(ctx, "sign", [&](db::Database& database) {
            return database.sign(query::Signing{opt->target, opt->meaning, opt->by,
                                                opt->note.value_or(""), key, ""});
        });
    });
}

struct KeyOptions {
    std::string key;  // a public key file, or (revoke-key) a key id
    std::string name, reason, by;
};

void register_register_key(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand(
        "register-key", "Register a signer's public key (from dayzero keygen) in the store");
    add_store_options(*sub, ctx);
    auto opt = std::make_shared<KeyOptions>();
    sub->add_option("public_key", opt->key, "The public key file (KEY.pub)")->required();
    sub->add_option("--name", opt->name, "The holder's printed name, shown on signatures")
        ->required();
    sub->add_option("--reason", opt->reason, "Why (mandatory)");
    sub->add_option("--by", opt->by, "Who is recording (default: operating-system user)");
    sub->callback([&ctx, opt] {
        std::string key_id;
        ctx.exit_code = run_write(ctx, "register-key", [&](db::Database& database) {
            const auto pem = read_text_file(opt->key);
            if (!pem)
                return store::Result<store::TransactionInfo>(
                    store::Status::not_found("cannot read '" + opt->key + "'"));
            if (auto key = store::parse_public_key_pem(*pem)) key_id = store::key_id_of(*key);
            return database.register_key(*pem, opt->name, opt->reason, opt->by);
        });
        if (ctx.exit_code == 0)
            std::cout << "key " << key_id << " registered to " << opt->name << "\n";
    });
}

void register_revoke_key(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("revoke-key",
                                   "Revoke a registered key: later signatures with it are refused");
    add_store_options(*sub, ctx);
    auto opt = std::make_shared<KeyOptions>();
    sub->add_option("key", opt->key, "The public key file, or the key id (ed25519:...)")
        ->required();
    sub->add_option("--reason", opt->reason, "Why (mandatory)");
    sub->add_option("--by", opt->by, "Who is recording (default: operating-system user)");
    sub->callback([&ctx, opt] {
        ctx.exit_code = run_write(ctx, "revoke-key", [&](db::Database& database) {
            std::string key = opt->key;
            if (!key.starts_with(store::kKeyIdPrefix)) {
                const auto pem = read_text_file(opt->key);
                if (!pem)
                    return store::Result<store::TransactionInfo>(
                        store::Status::not_found("cannot read '" + opt->key + "'"));
                key = *pem;
            }
            return database.revoke_key(key, opt->reason, opt->by);
        });
    });
}

}  // namespace

void register_audit_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("audit", "Audit-trail export (audit export --out trail.csv)");
    sub->require_subcommand(1);
    register_export(*sub, ctx);
    // The correction commands are registered here so the audit workflow lives in one file.
    register_amend(app, ctx);
    register_retract(app, ctx);
    register_sign(app, ctx);
    register_register_key(app, ctx);
    register_revoke_key(app, ctx);
}

}  // namespace dayzero::shell
