#pragma once
// Site-specific wide sheets: one row per patient-day, columns turned into events by a
// WideMapping.

#include <memory>
#include <string>

#include "importers/row_decoder.h"
#include "importers/wide_mapping.h"

namespace dayzero::importers {

// Creates a streaming decoder for a wide sheet; `mapping` must outlive the decoder.
store::Result<std::unique_ptr<RowDecoder>> make_wide_decoder(const std::string& path,
                                                             const WideMapping& mapping,
                                                             const DecodeOptions& options);

// Decodes a whole wide sheet in memory (store-free entry point for tests and tools).
DecodedFile decode_wide_csv(const std::string& path, const WideMapping& mapping,
                            const DecodeOptions& options = {});

}  // namespace dayzero::importers
