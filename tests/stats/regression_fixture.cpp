#include "regression_fixture.h"

namespace dayzero::stats::testing {

Design design_of(const FixtureCase& c) {
    Design d;
    const auto& columns = c.fields.at("columns");
    const auto term_of = c.doubles("term_of");
    for (std::size_t j = 0; j < columns.size(); ++j) {
        d.add_column(columns[j], "term" + std::to_string(static_cast<int>(term_of[j])));
    }
    const auto x = c.doubles("x");
    for (std::size_t at = 0; at + columns.size() <= x.size(); at += columns.size()) {
        d.rows.emplace_back(x.begin() + static_cast<std::ptrdiff_t>(at),
                            x.begin() + static_cast<std::ptrdiff_t>(at + columns.size()));
    }
    return d;
}

std::vector<bool> flags_of(const FixtureCase& c, const std::string& field) {
    std::vector<bool> out;
    for (double v : c.doubles(field))
        out.push_back(v != 0.0);
    return out;
}

}  // namespace dayzero::stats::testing
