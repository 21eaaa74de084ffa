#pragma once
// Bytes as lower-case hexadecimal (hash-chain links, file digests).

#include <span>
#include <string>

namespace dayzero::text {

// Two lower-case hex digits per byte of `bytes`, most significant nibble first.
std::string to_hex(std::span<const unsigned char> bytes);

}  // namespace dayzero::text
