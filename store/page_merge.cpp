#include "store/page_merge.h"

#include <string>

namespace dayzero::store {
namespace {

// Concatenation is associative, so partial merges (during compaction) are concatenations too.
// Each merge reserves the final size once: a page with many pending operands is built in one
// pass instead of by repeated re-allocation.
class PageMergeOperator final : public rocksdb::MergeOperator {
  public:
    const char* Name() const override { return "dayzero.page_concat.v1"; }

    bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
        size_t size = in.existing_value != nullptr ? in.existing_value->size() : 0;
        for (const auto& operand : in.operand_list)
            size += operand.size();
        std::string& page = out->new_value;
        page.clear();
        page.reserve(size);
        if (in.existing_value != nullptr)
            page.append(in.existing_value->data(), in.existing_value->size());
        for (const auto& operand : in.operand_list)
            page.append(operand.data(), operand.size());
        return true;
    }

    bool PartialMergeMulti(const rocksdb::Slice& /*key*/,
                           const std::deque<rocksdb::Slice>& operands, std::string* out,
                           rocksdb::Logger* /*logger*/) const override {
        size_t size = 0;
        for (const auto& operand : operands)
            size += operand.size();
        out->clear();
        out->reserve(size);
        for (const auto& operand : operands)
            out->append(operand.data(), operand.size());
        return true;
    }

    bool AllowSingleOperand() const override { return true; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> page_merge_operator() {
    static const auto instance = std::make_shared<PageMergeOperator>();
    return instance;
}

}  // namespace dayzero::store
