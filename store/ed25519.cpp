// Ed25519 keys and signatures (see ed25519.h): every operation is OpenSSL's.
#include "store/ed25519.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "store/sha256.h"
#include "text/hex.h"

namespace dayzero::store {
namespace {

struct BioDeleter {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct PkeyDeleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Bio = std::unique_ptr<BIO, BioDeleter>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

bool raw_public_key(EVP_PKEY* pkey, PublicKeyBytes& out) {
    size_t len = out.size();
    return EVP_PKEY_get_raw_public_key(pkey, out.data(), &len) == 1 && len == out.size();
}

// The bytes a memory BIO holds.
std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

// Creates `path` new with mode 0600 and writes `bytes`; never replaces an existing file.
Status write_new_private_file(const std::string& path, const std::string& bytes) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        return Status::io_error(
            fmt::format("cannot create '{}': {}{}", path, std::strerror(errno),
                        errno == EEXIST ? " (a key file is never replaced)" : ""));
    }
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int e = errno;
            ::close(fd);
            ::unlink(path.c_str());
            return Status::io_error(fmt::format("writing '{}' failed: {}", path, std::strerror(e)));
        }
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0)
        return Status::io_error(fmt::format("writing '{}' failed: {}", path, std::strerror(errno)));
    return Status::ok();
}

// OpenSSL asks for the passphrase through a callback; `user` is the passphrase.
int give_passphrase(char* buf, int size, int /*rwflag*/, void* user) {
    const auto* passphrase = static_cast<const std::string*>(user);
    if (passphrase->size() > static_cast<size_t>(size)) return -1;
    std::memcpy(buf, passphrase->data(), passphrase->size());
    return static_cast<int>(passphrase->size());
}

}  // namespace

std::string key_id_of(const PublicKeyBytes& public_key) {
    Sha256 sha;
    sha.update(
        std::string_view(reinterpret_cast<const char*>(public_key.data()), public_key.size()));
    const codec::Hash digest = sha.finish();
    return std::string(kKeyIdPrefix) + text::to_hex(digest);
}

Result<PublicKeyBytes> parse_public_key_pem(std::string_view pem) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return Status::io_error("OpenSSL could not allocate a buffer");
    Pkey pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!pkey) return Status::invalid_argument("not a PEM public key (-----BEGIN PUBLIC KEY-----)");
    if (EVP_PKEY_get_id(pkey.get()) != EVP_PKEY_ED25519)
        return Status::invalid_argument("the public key is not an Ed25519 key");
    PublicKeyBytes out{};
    if (!raw_public_key(pkey.get(), out))
        return Status::invalid_argument("the Ed25519 public key cannot be read");
    return out;
}

bool ed25519_verify(const PublicKeyBytes& public_key, std::string_view message,
                    const SignatureBytes& signature) {
    Pkey pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key.data(),
                                          public_key.size()));
    MdCtx ctx(EVP_MD_CTX_new());
    if (!pkey || !ctx) return false;
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) return false;
    return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                            reinterpret_cast<const unsigned char*>(message.data()),
                            message.size()) == 1;
}

SigningKey::SigningKey(evp_pkey_st* pkey) : pkey_(pkey) {
    (void)raw_public_key(pkey_, public_key_);
}

SigningKey::~SigningKey() {
    EVP_PKEY_free(pkey_);
}

Result<std::unique_ptr<SigningKey>> SigningKey::generate() {
    EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (pkey == nullptr) return Status::io_error("OpenSSL could not generate an Ed25519 key");
    return std::unique_ptr<SigningKey>(new SigningKey(pkey));
}

Result<std::unique_ptr<SigningKey>> SigningKey::load(const std::string& path,
                                                     const std::string& passphrase) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::not_found(fmt::format("cannot read key file '{}'", path));
    std::ostringstream text;
    text << in.rdbuf();
    const std::string pem = text.str();
    if (pem.find("-----BEGIN ENCRYPTED PRIVATE KEY-----") == std::string::npos) {
        return Status::invalid_argument(fmt::format(
            "key file '{}' is not a passphrase-protected private key (-----BEGIN ENCRYPTED "
            "PRIVATE KEY-----); create one with dayzero keygen",
            path));
    }
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return Status::io_error("OpenSSL could not allocate a buffer");
    std::string pass = passphrase;
    EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, give_passphrase, &pass);
    if (pkey == nullptr) {
        return Status::invalid_argument(
            fmt::format("key file '{}': wrong passphrase (or the file is damaged)", path));
    }
    std::unique_ptr<SigningKey> key(new SigningKey(pkey));
    if (EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519)
        return Status::invalid_argument(fmt::format("key file '{}' is not an Ed25519 key", path));
    return key;
}

Status SigningKey::save(const std::string& path, const std::string& public_path,
                        const std::string& passphrase) const {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio) return Status::io_error("OpenSSL could not allocate a buffer");
    std::string pass = passphrase;
    if (PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey_, EVP_aes_256_cbc(), nullptr, 0,
                                      give_passphrase, &pass) != 1) {
        return Status::io_error("OpenSSL could not encrypt the private key");
    }
    auto pub = public_key_pem();
    if (!pub) return pub.status();
    if (auto s = write_new_private_file(path, bio_text(bio.get())); !s) return s;
    return write_new_private_file(public_path, *pub);
}

Result<std::string> SigningKey::public_key_pem() const {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey_) != 1)
        return Status::io_error("OpenSSL could not write the public key");
    return bio_text(bio.get());
}

Result<SignatureBytes> SigningKey::sign(std::string_view message) const {
    MdCtx ctx(EVP_MD_CTX_new());
    SignatureBytes out{};
    size_t len = out.size();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, pkey_) != 1 ||
        EVP_DigestSign(ctx.get(), out.data(), &len,
                       reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1 ||
        len != out.size()) {
        return Status::io_error("OpenSSL could not sign");
    }
    return out;
}

}  // namespace dayzero::store
