#pragma once
// ImportProblem: one bad or suspicious input row, located precisely for the data manager.

#include <cstdint>
#include <string>

namespace dayzero::importers {

struct ImportProblem {
    std::string file;       // path as given by the user
    uint64_t line = 0;      // 1-based physical line where the record starts
    uint32_t column = 0;    // 1-based field number; 0 when the whole row is concerned
    std::string field;      // header name of the column, if known
    std::string message;    // what is wrong, in plain words
    std::string value;      // the offending value, verbatim (truncated to a readable length)
    bool unmapped = false;  // a term the mapping does not list (reported once per term)

    // "file:line:column: message (field 'name', value 'v')"
    std::string to_string() const;
};

}  // namespace dayzero::importers
