#include "store/sha256.h"

#include <openssl/evp.h>

namespace dayzero::store {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
    ok_ = ctx_ != nullptr && EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) == 1;
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(ctx_);
}

void Sha256::update(std::string_view bytes) {
    if (ok_ && !bytes.empty()) ok_ = EVP_DigestUpdate(ctx_, bytes.data(), bytes.size()) == 1;
}

void Sha256::update(const codec::Hash& hash) {
    if (ok_) ok_ = EVP_DigestUpdate(ctx_, hash.data(), hash.size()) == 1;
}

codec::Hash Sha256::finish() {
    codec::Hash out{};
    unsigned int len = 0;
    if (ok_) ok_ = EVP_DigestFinal_ex(ctx_, out.data(), &len) == 1 && len == out.size();
    if (!ok_) out.fill(0);
    return out;
}

}  // namespace dayzero::store
