#include "importers/import_problem.h"

namespace dayzero::importers {

std::string ImportProblem::to_string() const {
    std::string out = file;
    out += ':';
    out += std::to_string(line);
    out += ':';
    out += std::to_string(column);
    out += ": ";
    out += message;
    if (!field.empty() || !value.empty()) {
        out += " (";
        if (!field.empty()) {
            out += "field '";
            out += field;
            out += '\'';
            if (!value.empty()) out += ", ";
        }
        if (!value.empty()) {
            out += "value '";
            out += value;
            out += '\'';
        }
        out += ')';
    }
    return out;
}

}  // namespace dayzero::importers
