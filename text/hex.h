#pragma once
// Bytes as lower-case hexadecimal (hash-chain links, file digests).

#include <span>
#include <string>
#include <string_view>

namespace dayzero::text {

// Two lower-case hex digits per byte of `bytes`, most significant nibble first.
std::string to_hex(std::span<const unsigned char> bytes);

// `bytes` for a message: printable ASCII as it is, every other byte as \xNN.
std::string escape_bytes(std::string_view bytes);

}  // namespace dayzero::text
