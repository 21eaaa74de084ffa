#include "text/csv_field.h"

namespace dayzero::text {

bool csv_needs_quotes(std::string_view field) {
    return field.find_first_of(",\"\r\n") != std::string_view::npos;
}

std::string csv_quoted(std::string_view field) {
    std::string out;
    out.reserve(field.size() + 2);
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string csv_field(std::string_view field) {
    return csv_needs_quotes(field) ? csv_quoted(field) : std::string(field);
}

}  // namespace dayzero::text
