#include "fixture_reader.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace dayzero::stats::testing {

namespace {

std::string fixture_path(const std::string& file) {
    const char* env = std::getenv("DAYZERO_SOURCE_DIR");
    const std::string root = env != nullptr ? env : DAYZERO_SOURCE_DIR;
    return root + "/tests/stats/" + file;
}

std::optional<double> parse_number(const std::string& token) {
    if (token == "NA") {
        return std::nullopt;
    }
    if (token == "Inf") {
        return std::numeric_limits<double>::infinity();
    }
    if (token == "-Inf") {
        return -std::numeric_limits<double>::infinity();
    }
    std::size_t used = 0;
    const double value = std::stod(token, &used);
    if (used != token.size()) {
        throw std::runtime_error("fixture: not a number: '" + token + "'");
    }
    return value;
}

}  // namespace

std::vector<std::optional<double>> FixtureCase::numbers(const std::string& field) const {
    const auto it = fields.find(field);
    if (it == fields.end()) {
        throw std::runtime_error("fixture " + id + ": missing field '" + field + "'");
    }
    std::vector<std::optional<double>> out;
    for (const auto& token : it->second) {
        out.push_back(parse_number(token));
    }
    return out;
}

std::vector<double> FixtureCase::doubles(const std::string& field) const {
    std::vector<double> out;
    for (const auto& v : numbers(field)) {
        if (!v) {
            throw std::runtime_error("fixture " + id + ": NA in field '" + field + "'");
        }
        out.push_back(*v);
    }
    return out;
}

std::optional<double> FixtureCase::number(const std::string& field) const {
    const auto values = numbers(field);
    if (values.size() != 1) {
        throw std::runtime_error("fixture " + id + ": field '" + field + "' is not scalar");
    }
    return values[0];
}

std::string FixtureCase::word(const std::string& field) const {
    const auto it = fields.find(field);
    if (it == fields.end() || it->second.size() != 1) {
        throw std::runtime_error("fixture " + id + ": field '" + field + "' is not one word");
    }
    return it->second[0];
}

std::vector<FixtureCase> load_cases(const std::string& kind, const std::string& file) {
    const std::string path = fixture_path(file);
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot open fixture file " + path);
    }
    std::vector<FixtureCase> cases;
    std::optional<FixtureCase> current;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream words(line);
        std::string head;
        words >> head;
        if (head == "case") {
            current = FixtureCase{};
            words >> current->id >> current->kind;
        } else if (head == "end") {
            if (!current) {
                throw std::runtime_error(path + ":" + std::to_string(line_no) + ": stray end");
            }
            if (current->kind == kind) {
                cases.push_back(*current);
            }
            current.reset();
        } else if (current) {
            std::vector<std::string> values;
            for (std::string w; words >> w;) {
                values.push_back(w);
            }
            current->fields[head] = values;
        } else {
            throw std::runtime_error(path + ":" + std::to_string(line_no) +
                                     ": field outside a case: " + head);
        }
    }
    return cases;
}

bool agrees(std::optional<double> actual, std::optional<double> expected, double relative) {
    if (!expected || !actual) {
        return !expected && !actual;
    }
    if (std::isinf(*expected) || std::isinf(*actual)) {
        return *expected == *actual;
    }
    // Relative agreement, with an absolute floor for values R reports as (near) zero.
    const double diff = std::fabs(*actual - *expected);
    return diff <= relative * std::fabs(*expected) || diff <= 1e-14;
}

std::string describe(std::optional<double> value) {
    if (!value) {
        return "NA";
    }
    std::ostringstream out;
    out.precision(17);
    out << *value;
    return out.str();
}

}  // namespace dayzero::stats::testing
