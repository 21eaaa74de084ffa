#pragma once

// Exact p-value of an r x c table: the total probability, under independence with the
// observed margins, of all tables no more likely than the observed one (fisher.test r x c).

#include <cstdint>
#include <optional>
#include <vector>

namespace dayzero::stats {

class TableEnumerator {
  public:
    // Margins must be positive; `max_nodes` bounds the work: cells filled in, i.e. partial
    // tables visited (leaves included), whatever the shape of the table.
    TableEnumerator(std::vector<std::int64_t> rows, std::vector<std::int64_t> cols,
                    std::int64_t max_nodes);

    // Sum of probabilities of tables with log-probability <= log_observed (+ FEXACT's
    // tolerance); nullopt when more than max_nodes partial tables would be needed.
    std::optional<double> p_value(double log_observed);

    // Log-probability of a table with these margins under independence.
    double log_probability(const std::vector<std::vector<std::int64_t>>& table) const;

  private:
    bool column_node(std::size_t col, std::vector<std::int64_t>& remaining, double lp);
    bool fill_cell(std::size_t col, std::size_t row, std::int64_t left,
                   std::vector<std::int64_t>& remaining, double lp);
    // Bounds on the sum over columns col.. of -sum log x! over completions (relaxed).
    void completion_bounds(std::size_t col, const std::vector<std::int64_t>& remaining,
                           double& lowest, double& highest) const;

    std::vector<std::int64_t> rows_;
    std::vector<std::int64_t> cols_;  // sorted descending: big columns first prune best
    std::vector<double> log_fact_;    // log(k!) for k = 0..N
    std::int64_t max_nodes_;
    std::int64_t nodes_ = 0;
    double log_constant_ = 0.0;  // sum log r! + sum log c! - log N!
    double threshold_ = 0.0;
    double p_ = 0.0;
};

}  // namespace dayzero::stats
