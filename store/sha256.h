#pragma once
// Sha256: incremental SHA-256 over OpenSSL's EVP interface (the hash chain's digest).

#include <string_view>

#include "store/codec.h"

struct evp_md_ctx_st;

namespace dayzero::store {

class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    // Adds bytes to the digest.
    void update(std::string_view bytes);
    // Adds a previous hash to the digest.
    void update(const codec::Hash& hash);
    // Finishes and returns the digest; the object must not be used afterwards.
    codec::Hash finish();
    // False when OpenSSL failed to initialise the digest (finish() then returns zeros).
    bool ok() const { return ok_; }

  private:
    evp_md_ctx_st* ctx_;
    bool ok_ = true;
};

}  // namespace dayzero::store
