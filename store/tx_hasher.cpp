#include "store/tx_hasher.h"

#include <algorithm>

namespace dayzero::store {

namespace {

// The size of the blocks event bytes are handed to SHA-256 in.
constexpr size_t kBlockBytes = 64u << 10;

}  // namespace

void TxHasher::start(const codec::Hash& prev) {
    sha_.emplace();
    used_ = 0;
    sha_->update(prev);
}

void TxHasher::add_event(uint64_t seq, std::string_view patient_id, std::string_view record) {
    const size_t need = codec::max_event_hash_input_size(patient_id, record);
    if (pending_.size() - used_ < need) {
        flush();
        if (pending_.size() < need) pending_.resize(std::max(need, kBlockBytes));
    }
    char* at = pending_.data() + used_;
    used_ += static_cast<size_t>(codec::write_event_hash_input(seq, patient_id, record, at) - at);
}

codec::Hash TxHasher::finish(const codec::TxRecord& tx) {
    if (!sha_) return codec::Hash{};
    flush();
    sha_->update(codec::tx_hash_header(tx));
    return sha_->finish();
}

void TxHasher::flush() {
    if (sha_) sha_->update(std::string_view(pending_.data(), used_));
    used_ = 0;
}

}  // namespace dayzero::store
