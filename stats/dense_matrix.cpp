#include "stats/dense_matrix.h"

#include <cmath>
#include <limits>

namespace dayzero::stats {

CholeskyFactor::CholeskyFactor(const SquareMatrix& a, double toler)
    : factor_(a), singular_(a.size(), false) {
    const std::size_t n = a.size();
    double largest = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        largest = std::max(largest, std::fabs(factor_(i, i)));
    }
    const double eps = largest * toler;
    for (std::size_t i = 0; i < n; ++i) {
        const double pivot = factor_(i, i);
        if (!std::isfinite(pivot) || pivot < eps || pivot == 0.0) {
            // A dependent column: it leaves the system entirely, so later columns and the
            // solves see the reduced matrix (an exact inverse of the remaining block).
            if (pivot < -8.0 * eps) indefinite_ = true;
            singular_[i] = true;
            factor_(i, i) = 0.0;
            for (std::size_t j = i + 1; j < n; ++j)
                factor_(j, i) = 0.0;
            continue;
        }
        ++rank_;
        for (std::size_t j = i + 1; j < n; ++j) {
            const double multiplier = factor_(j, i) / pivot;
            factor_(j, i) = multiplier;
            factor_(j, j) -= multiplier * multiplier * pivot;
            for (std::size_t k = j + 1; k < n; ++k) {
                factor_(k, j) -= multiplier * factor_(k, i);
            }
        }
    }
}

std::vector<double> CholeskyFactor::solve(std::vector<double> b) const {
    const std::size_t n = factor_.size();
    for (std::size_t i = 0; i < n; ++i) {  // L y = b
        double sum = b[i];
        for (std::size_t j = 0; j < i; ++j)
            sum -= b[j] * factor_(i, j);
        b[i] = sum;
    }
    for (std::size_t i = n; i-- > 0;) {  // D L' x = y
        if (singular_[i]) {
            b[i] = 0.0;
            continue;
        }
        double sum = b[i] / factor_(i, i);
        for (std::size_t j = i + 1; j < n; ++j)
            sum -= b[j] * factor_(j, i);
        b[i] = sum;
    }
    return b;
}

SquareMatrix CholeskyFactor::inverse() const {
    const std::size_t n = factor_.size();
    SquareMatrix out(n);
    for (std::size_t col = 0; col < n; ++col) {
        if (singular_[col]) continue;
        std::vector<double> unit(n, 0.0);
        unit[col] = 1.0;
        const std::vector<double> x = solve(unit);
        for (std::size_t row = 0; row < n; ++row)
            out(row, col) = singular_[row] ? 0.0 : x[row];
    }
    // Symmetrise: the two triangles come from different solves and may differ in the last bit.
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = i + 1; j < n; ++j) {
            const double mean = 0.5 * (out(i, j) + out(j, i));
            out(i, j) = mean;
            out(j, i) = mean;
        }
    }
    return out;
}

double default_cholesky_tolerance() {
    return std::pow(std::numeric_limits<double>::epsilon(), 0.75);
}

double quadratic_form(const SquareMatrix& a, const std::vector<double>& x) {
    double sum = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        for (std::size_t j = 0; j < a.size(); ++j)
            sum += x[i] * a(i, j) * x[j];
    }
    return sum;
}

}  // namespace dayzero::stats
