#pragma once
// The identity of an imported file: the SHA-256 of its bytes.

#include <string>

#include "store/status.h"

namespace dayzero::importers {

// "sha256:<64 hex digits>" of the file's content; fails with a message naming the path.
store::Result<std::string> file_digest(const std::string& path);

// "sha256:<hex>" of an in-memory text.
std::string text_digest(const std::string& text);

}  // namespace dayzero::importers
