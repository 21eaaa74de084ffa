#pragma once
// How the audit commands describe a signature (the encoding is store/signature.h).

#include <string>

#include "store/signature.h"

namespace dayzero::shell::audit {

// "approved by Dr Lee at 2026-11-23T18:30:05.000000Z (seq 41)".
std::string describe_signature(const store::Signature& signature);

}  // namespace dayzero::shell::audit
