#include "shell/audit_signature.h"

#include <fmt/format.h>

#include "shell/audit_time.h"

namespace dayzero::shell::audit {

std::string describe_signature(const store::Signature& signature) {
    return fmt::format("{} by {} at {} (seq {}, {})", signature.meaning, signature.signer,
                       format_instant(signature.signed_at_us), signature.seq,
                       store::key_label(signature));
}

}  // namespace dayzero::shell::audit
