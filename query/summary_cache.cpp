#include "query/summary_cache.h"

#include <algorithm>

#include "query/engine_state.h"

namespace dayzero::query {

DoseTotals dose_totals(std::span<const store::Event> events) {
    DoseTotals totals;
    for (const auto& e : events) {
        if (e.kind != store::EventKind::kDose) continue;
        DoseTotal& t = totals[to_lower(e.code)];
        ++t.doses;
        if (e.value)
            t.mg += *e.value;
        else
            t.mg_known = false;
    }
    return totals;
}

std::string SummaryCache::key_for(uint64_t last_seq, const store::AsOf& as_of,
                                  const derive::CrsDefinition& def) {
    return std::to_string(last_seq) + "|" + (as_of.seq ? std::to_string(*as_of.seq) : "-") + "|" +
           (as_of.recorded_at_us ? std::to_string(*as_of.recorded_at_us) : "-") + "|" +
           def.describe();
}

void SummaryCache::begin(const std::string& key, size_t max_bytes) {
    drop();
    key_ = key;
    max_bytes_ = max_bytes;
    complete_ = false;
    overflow_ = false;
}

void SummaryCache::drop() {
    blocks_.clear();
    blocks_.shrink_to_fit();
    slots_.clear();
    slots_.shrink_to_fit();
    used_ = 0;
}

void SummaryCache::add(std::string_view id, std::string_view bytes) {
    if (!collecting()) return;
    const size_t size = id.size() + bytes.size();
    used_ += size + sizeof(Slot);
    if (used_ > max_bytes_ || size > UINT32_MAX || blocks_.size() >= UINT32_MAX) {
        overflow_ = true;
        drop();
        return;
    }
    if (blocks_.empty() || blocks_.back().size() + size > blocks_.back().capacity()) {
        blocks_.emplace_back();
        blocks_.back().reserve(std::max(kBlockBytes, size));
    }
    std::string& block = blocks_.back();
    slots_.push_back({static_cast<uint32_t>(blocks_.size() - 1),
                      static_cast<uint32_t>(block.size()), static_cast<uint32_t>(id.size()),
                      static_cast<uint32_t>(bytes.size())});
    block.append(id);
    block.append(bytes);
}

size_t SummaryCache::memory() const {
    size_t total = slots_.capacity() * sizeof(Slot);
    for (const auto& block : blocks_)
        total += block.capacity();
    return total;
}

}  // namespace dayzero::query
