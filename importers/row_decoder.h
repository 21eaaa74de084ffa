#pragma once
// RowDecoder: the store-free interface every import format implements. A decoder turns the
// records of one input file into events and located problems, one input row at a time.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/body_size.h"
#include "importers/event_rules.h"
#include "importers/import_problem.h"
#include "store/event.h"
#include "store/status.h"

namespace dayzero::importers {

// Looks up a baseline attribute (weight_kg, bsa_m2) recorded outside the file, e.g. in the store.
using ExternalAttributeLookup =
    std::function<std::optional<double>(const std::string& patient, const std::string& attribute)>;

struct DecodeOptions {
    bool allow_any_day = false;        // accept days outside −30..3650
    ExternalAttributeLookup external;  // may be empty
    // Body-size facts gathered by an earlier pass over the whole file. When set, they are
    // complete: a dose in mg/kg without a weight is an error on its own row at once.
    const BodySizeFacts* known_body_size = nullptr;
    // A lab analyte the vocabulary does not know: an error (strict) or kept with a counted
    // warning (lenient imports).
    UnknownAnalytes unknown_analytes = UnknownAnalytes::kReject;
};

// One input row decoded. Decoders reuse the object: call clear() via the decoder.
struct DecodedRow {
    uint64_t line = 0;                     // physical line where the row starts
    std::vector<std::string_view> fields;  // the row as read, valid until the next call
    std::vector<store::Event> events;      // what the row becomes (may be empty: skipped)
    // The 1-based column holding each event's value, in the order the row produced its events
    // (wherever next_into put them); 0 when none does. Names the column a problem found after
    // decoding is about (a changed stored value).
    std::vector<uint32_t> value_columns;
    std::vector<ImportProblem> errors;    // any error rejects the whole row
    std::vector<ImportProblem> warnings;  // counted, the row is still imported
    bool skipped = false;                 // deliberately produces no events (NOT DONE, ...)
    bool skipped_by_mapping = false;  // with `skipped`: the mapping says skip (else a data rule)

    void clear() {
        line = 0;
        fields.clear();
        events.clear();
        value_columns.clear();
        errors.clear();
        warnings.clear();
        skipped = false;
        skipped_by_mapping = false;
    }
};

class RowDecoder {
  public:
    RowDecoder() = default;
    RowDecoder(const RowDecoder&) = delete;
    RowDecoder& operator=(const RowDecoder&) = delete;
    virtual ~RowDecoder() = default;

    // Decodes the next row into `row` (cleared first); false at the end of the file.
    virtual bool next(DecodedRow& row) = 0;

    // next(), but an accepted row's events (a row without errors) are appended to `out` instead
    // of being left in row.events; a rejected row appends nothing. row.events is then unspecified.
    virtual bool next_into(DecodedRow& row, std::vector<store::Event>& out) {
        if (!next(row)) return false;
        if (row.errors.empty()) {
            for (auto& event : row.events)
                out.push_back(std::move(event));
        }
        return true;
    }

    // Header names of the input (used for reject files).
    virtual const std::vector<std::string>& header() const = 0;

    // Problems known only at the end (unreadable file, unterminated quote, mg/kg doses whose
    // patient never got a weight); call after next() returned false.
    virtual std::vector<ImportProblem> finish() = 0;

    // True when the file as a whole cannot be used (unreadable, bad header, unterminated
    // quote): nothing of it may be written, even in lenient mode.
    virtual bool file_failed() const = 0;

    // Baseline attributes seen in this file so far (for a second pass).
    virtual const BodySizeFacts& body_size_facts() const = 0;

    // True if some row's conversion waited for a later row (a second pass gives exact values).
    virtual bool has_deferred() const = 0;

    // Progress: bytes consumed and total input size (0 when unknown).
    virtual uint64_t bytes_consumed() const = 0;
    virtual uint64_t total_bytes() const = 0;
};

// Builds a decoder for one file with the given options.
using DecoderFactory =
    std::function<store::Result<std::unique_ptr<RowDecoder>>(const DecodeOptions& options)>;

// Everything a decoder produced for one file, for tests, fuzzers and small files.
struct DecodedFile {
    std::string path;
    std::vector<store::Event> events;  // events of the accepted rows, in file order
    std::vector<ImportProblem> errors;
    std::vector<ImportProblem> warnings;
    uint64_t rows_read = 0;
    uint64_t rows_rejected = 0;
    uint64_t rows_skipped = 0;
    uint64_t rows_skipped_mapping = 0;  // of rows_skipped: the mapping says skip
    // True when no error was found.
    bool ok() const { return errors.empty(); }
};

// Runs a decoder over the whole file (twice when mg/kg doses precede the weight) and collects
// the result in memory. A decoder that cannot be created yields one error at line 0.
DecodedFile decode_all(const std::string& path, const DecoderFactory& make,
                       const DecodeOptions& options = {});

}  // namespace dayzero::importers
