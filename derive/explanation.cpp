#include "derive/explanation.h"

#include <fmt/format.h>

#include "store/event.h"

namespace dayzero::derive {

std::string Evidence::describe() const {
    std::string out = fmt::format("seq {} day {}", seq, day);
    if (minute) out += " " + store::format_minute(*minute);
    if (!code.empty()) out += " " + code;
    if (value) out += fmt::format(" {}", *value);
    return out;
}

std::string Explanation::describe() const {
    std::string out;
    auto add = [&out](std::string_view label, const std::string& text) {
        if (!out.empty()) out += "; ";
        out += label;
        out += ": ";
        out += text;
    };
    if (fever) add("tmax", fever->describe());
    for (const auto& item : hypotension)
        add("hypotension", item.describe());
    if (hypoxia) add("hypoxia", hypoxia->describe());
    if (masking) add("masked by", masking->describe());
    if (death) add("death", death->describe());
    return out;
}

}  // namespace dayzero::derive
