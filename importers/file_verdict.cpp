#include "importers/file_verdict.h"

#include <utility>

namespace dayzero::importers {

void FileVerdict::hear(bool wait) {
    if (known_) return;
    if (!wait && admission_.ready && !admission_.ready()) return;
    known_ = true;
    FileReport verdict;
    verdict.path = report_.path;
    if (admission_.decide(verdict)) {
        report_.source = std::move(verdict.source);
        return;
    }
    refused_ = true;
    refusal_ = std::move(verdict);
}

}  // namespace dayzero::importers
