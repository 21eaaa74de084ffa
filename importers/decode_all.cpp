#include "importers/row_decoder.h"

namespace dayzero::importers {
namespace {

// One pass: returns false if the decoder could not be created (error recorded).
bool run_pass(const std::string& path, const DecoderFactory& make, const DecodeOptions& options,
              DecodedFile& out, BodySizeFacts* facts, bool* deferred) {
    auto decoder = make(options);
    if (!decoder) {
        ImportProblem problem;
        problem.file = path;
        problem.message = decoder.status().message();
        out.errors.push_back(std::move(problem));
        return false;
    }
    DecodedRow row;
    while ((*decoder)->next(row)) {
        ++out.rows_read;
        for (auto& warning : row.warnings)
            out.warnings.push_back(std::move(warning));
        if (!row.errors.empty()) {
            ++out.rows_rejected;
            for (auto& error : row.errors)
                out.errors.push_back(std::move(error));
            continue;
        }
        if (row.skipped) ++out.rows_skipped;
        if (row.skipped && row.skipped_by_mapping) ++out.rows_skipped_mapping;
        for (auto& event : row.events)
            out.events.push_back(std::move(event));
    }
    for (auto& problem : (*decoder)->finish())
        out.errors.push_back(std::move(problem));
    if (facts) *facts = (*decoder)->body_size_facts();
    if (deferred) *deferred = (*decoder)->has_deferred();
    return true;
}

}  // namespace

DecodedFile decode_all(const std::string& path, const DecoderFactory& make,
                       const DecodeOptions& options) {
    DecodedFile first;
    first.path = path;
    BodySizeFacts facts;
    bool deferred = false;
    if (!run_pass(path, make, options, first, &facts, &deferred) || !deferred) return first;
    // Some mg/kg doses came before the weight: decode again knowing every weight in the file.
    DecodedFile second;
    second.path = path;
    DecodeOptions complete = options;
    complete.known_body_size = &facts;
    run_pass(path, make, complete, second, nullptr, nullptr);
    return second;
}

}  // namespace dayzero::importers
