#pragma once
// Ed25519 keys and signatures through OpenSSL's EVP interface (no cryptography of our own).
// A signer's private key lives in a passphrase-protected PEM file (PKCS #8, AES-256-CBC, written
// 0600); the store holds only public keys, registered by a transaction (store/signature.h). A key
// is named by its key id: "ed25519:" and the hex SHA-256 of the 32-byte raw public key.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "store/status.h"

struct evp_pkey_st;

namespace dayzero::store {

using PublicKeyBytes = std::array<uint8_t, 32>;
using SignatureBytes = std::array<uint8_t, 64>;

inline constexpr std::string_view kKeyIdPrefix = "ed25519:";

// The key id of a raw public key: "ed25519:" + 64 lowercase hex digits.
std::string key_id_of(const PublicKeyBytes& public_key);

// The raw public key in a PEM "PUBLIC KEY" text; refused when it is not an Ed25519 key.
Result<PublicKeyBytes> parse_public_key_pem(std::string_view pem);

// True when `signature` is `public_key`'s Ed25519 signature of exactly `message`.
bool ed25519_verify(const PublicKeyBytes& public_key, std::string_view message,
                    const SignatureBytes& signature);

// A signer's private key, held in memory only while signing.
class SigningKey {
  public:
    ~SigningKey();
    SigningKey(const SigningKey&) = delete;
    SigningKey& operator=(const SigningKey&) = delete;

    // A new random key.
    static Result<std::unique_ptr<SigningKey>> generate();
    // Reads a passphrase-protected PEM private key file. Refused, naming the file, when it cannot
    // be read, is not passphrase-protected, the passphrase is wrong, or the key is not Ed25519.
    static Result<std::unique_ptr<SigningKey>> load(const std::string& path,
                                                    const std::string& passphrase);

    // Writes the key to `path` encrypted with `passphrase` and its public key to `public_path`,
    // both created new with mode 0600 (an existing file is never overwritten).
    Status save(const std::string& path, const std::string& public_path,
                const std::string& passphrase) const;

    // The 32-byte public key, its key id and its PEM text.
    const PublicKeyBytes& public_key() const { return public_key_; }
    std::string key_id() const { return key_id_of(public_key_); }
    Result<std::string> public_key_pem() const;

    // The Ed25519 signature of `message`.
    Result<SignatureBytes> sign(std::string_view message) const;

  private:
    explicit SigningKey(evp_pkey_st* pkey);

    evp_pkey_st* pkey_;  // owned
    PublicKeyBytes public_key_{};
};

}  // namespace dayzero::store
