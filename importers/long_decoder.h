#pragma once
// The canonical long format: one event per row, header required, columns in any order:
// patient_id,day,time,kind,code,value,unit,note (time, code, value, unit and note optional).

#include <memory>
#include <string>

#include "importers/row_decoder.h"

namespace dayzero::importers {

// Creates a streaming decoder for a long-format CSV file.
store::Result<std::unique_ptr<RowDecoder>> make_long_decoder(const std::string& path,
                                                             const DecodeOptions& options);

// Creates a decoder over in-memory text; `display_name` is used in problems.
std::unique_ptr<RowDecoder> make_long_decoder_from_string(std::string text,
                                                          const std::string& display_name,
                                                          const DecodeOptions& options);

// Decodes a whole long-format file in memory (store-free entry point for tests and tools).
DecodedFile decode_long_csv(const std::string& path, const DecodeOptions& options = {});

}  // namespace dayzero::importers
