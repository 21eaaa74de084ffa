// libFuzzer target: SDTM study decoding on arbitrary bytes. The input is split at lines "%%" into
// up to nine domain files (DM, EX, VS, LB, CM, PR, AE, RS, DS in that order) so day-0 anchors
// from EX and weights from VS interact with every other domain, as in a real study.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "fuzz_files.h"
#include "importers/sdtm_study.h"

using namespace dayzero;

namespace {

constexpr const char* kDomains[] = {"dm", "ex", "vs", "lb", "cm", "pr", "ae", "rs", "ds"};
constexpr std::string_view kSeparator = "\n%%\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view rest(reinterpret_cast<const char*>(data), size);
    std::vector<std::string> paths;
    for (const char* domain : kDomains) {
        const size_t cut = rest.find(kSeparator);
        paths.push_back(fuzz::write_scratch(std::string(domain) + ".csv", rest.substr(0, cut)));
        if (cut == std::string_view::npos) break;
        rest.remove_prefix(cut + kSeparator.size());
    }
    std::vector<std::string> ignored;
    auto study = importers::SdtmStudy::load(paths, {}, ignored);
    if (!study) {
        if (study.status().message().empty()) __builtin_trap();  // a refusal always says why
        return 0;
    }
    for (const auto& path : study.value()->files()) {
        const auto decoded = importers::decode_all(path, [&](const importers::DecodeOptions& o) {
            return study.value()->make_decoder(path, o);
        });
        fuzz::check_decoded(decoded);
    }
    return 0;
}
