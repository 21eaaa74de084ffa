#pragma once

// The small dense linear algebra the regression fits need: a square matrix and a Cholesky
// (L D L') factorisation that tolerates singular (collinear) columns the way survival's
// cholesky2 does, dropping each column whose pivot is negligible.

#include <cstddef>
#include <vector>

namespace dayzero::stats {

// A dense p x p matrix, row-major.
class SquareMatrix {
  public:
    explicit SquareMatrix(std::size_t size = 0) : size_(size), cells_(size * size, 0.0) {}

    std::size_t size() const { return size_; }
    double& operator()(std::size_t row, std::size_t col) { return cells_[row * size_ + col]; }
    double operator()(std::size_t row, std::size_t col) const { return cells_[row * size_ + col]; }

  private:
    std::size_t size_;
    std::vector<double> cells_;
};

// The L D L' factors of a symmetric positive semi-definite matrix. Columns whose pivot falls
// below `toler` times the largest diagonal entry are singular: they take no part in solves and
// their rows and columns of the inverse are zero (R reports their coefficients as NA).
class CholeskyFactor {
  public:
    // Factorises `a` (only its lower triangle is read).
    CholeskyFactor(const SquareMatrix& a, double toler);

    // Number of non-singular columns.
    std::size_t rank() const { return rank_; }
    // True when column j was dropped as (numerically) linearly dependent on earlier ones.
    bool singular(std::size_t j) const { return singular_[j]; }
    // True when a pivot was clearly negative: the matrix was not positive semi-definite.
    bool indefinite() const { return indefinite_; }
    // Solves a x = b over the non-singular columns; singular entries of x are 0.
    std::vector<double> solve(std::vector<double> b) const;
    // The generalised inverse: the inverse over the non-singular columns, zero elsewhere.
    SquareMatrix inverse() const;

  private:
    SquareMatrix factor_;  // L below the diagonal, D on it
    std::vector<bool> singular_;
    std::size_t rank_ = 0;
    bool indefinite_ = false;
};

// The tolerance survival's coxph and our fits use for singular columns (toler.chol =
// .Machine$double.eps^0.75).
double default_cholesky_tolerance();

// x' a x for a symmetric a.
double quadratic_form(const SquareMatrix& a, const std::vector<double>& x);

}  // namespace dayzero::stats
