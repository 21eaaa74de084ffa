// `dayzero keygen --out FILE`: a new Ed25519 signing key, written passphrase-protected to FILE and
// its public key to FILE.pub (both 0600, never over an existing file). The public key is then
// registered in a store with `dayzero register-key`; the private key never enters a store.
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "shell/commands.h"
#include "shell/passphrase.h"
#include "store/ed25519.h"

namespace dayzero::shell {
namespace {

// Shorter passphrases are refused: the key file may be copied, and then only the passphrase
// stands between it and a forged signature.
constexpr size_t kMinPassphrase = 10;

struct KeygenOptions {
    std::string out;
    PassphraseSource passphrase;
};

int run_keygen(const KeygenOptions& opt) {
    auto passphrase = read_passphrase(opt.passphrase, "New passphrase for " + opt.out + ": ", true);
    if (!passphrase) {
        std::cerr << "dayzero keygen: " << passphrase.status().message() << "\n";
        return 1;
    }
    if (passphrase->size() < kMinPassphrase) {
        std::cerr << "dayzero keygen: the passphrase needs at least " << kMinPassphrase
                  << " characters\n";
        return 1;
    }
    auto key = store::SigningKey::generate();
    if (!key) {
        std::cerr << "dayzero keygen: " << key.status().message() << "\n";
        return 1;
    }
    const std::string public_path = opt.out + ".pub";
    if (auto s = key.value()->save(opt.out, public_path, *passphrase); !s) {
        std::cerr << "dayzero keygen: " << s.message() << "\n";
        return 1;
    }
    std::cout << "wrote " << opt.out << " (private key, passphrase-protected) and " << public_path
              << " (public key)\n"
              << "key " << key.value()->key_id() << "\n"
              << "register it: dayzero register-key --db STORE " << public_path
              << " --name 'PRINTED NAME' --reason '...'\n";
    return 0;
}

}  // namespace

void register_keygen_command(CLI::App& app, CommandContext& ctx) {
    auto* sub = app.add_subcommand("keygen", "Create a signer's Ed25519 key (for dayzero sign)");
    auto opt = std::make_shared<KeygenOptions>();
    sub->add_option("--out", opt->out, "Private key file to create (its public key: FILE.pub)")
        ->required();
    add_passphrase_options(*sub, opt->passphrase);
    sub->callback([&ctx, opt] { ctx.exit_code = run_keygen(*opt); });
}

}  // namespace dayzero::shell
