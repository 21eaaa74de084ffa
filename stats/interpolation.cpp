#include "stats/interpolation.h"

#include <algorithm>
#include <numeric>

namespace dayzero::stats {

namespace {

// regularize.values(x, y, ties = mean): sorted by x, y averaged over tied x.
Curve regularize(const std::vector<double>& x, const std::vector<double>& y) {
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    Curve out;
    for (std::size_t k = 0; k < order.size();) {
        std::size_t end = k;
        double sum = 0.0;
        while (end < order.size() && x[order[end]] == x[order[k]])
            sum += y[order[end++]];
        out.x.push_back(x[order[k]]);
        out.y.push_back(sum / static_cast<double>(end - k));
        k = end;
    }
    return out;
}

// seq.int(from, to, length.out = n), computed symmetrically from both ends as R does.
std::vector<double> grid(double from, double to, std::size_t n) {
    std::vector<double> out(n);
    if (n == 0) return out;
    out[0] = from;
    if (n == 1) return out;
    out[n - 1] = to;
    const double by = (to - from) / static_cast<double>(n - 1);
    for (std::size_t i = 1; i + 1 < n; ++i) {
        out[i] = i < n / 2 ? from + static_cast<double>(i) * by
                           : to - static_cast<double>(n - 1 - i) * by;
    }
    return out;
}

}  // namespace

Curve fmm_spline(const std::vector<double>& x_in, const std::vector<double>& y_in) {
    const Curve r = regularize(x_in, y_in);
    const std::vector<double>& x = r.x;
    const std::vector<double>& y = r.y;
    const std::size_t n = x.size();
    Curve out;
    if (n == 0) return out;
    std::vector<double> b(n, 0.0), c(n, 0.0), d(n, 0.0);
    if (n == 2) {
        b[0] = b[1] = (y[1] - y[0]) / (x[1] - x[0]);
    } else if (n >= 3) {
        const std::size_t last = n - 1;
        // The tridiagonal system: b the diagonal, d the off-diagonal, c the right-hand side.
        d[0] = x[1] - x[0];
        c[1] = (y[1] - y[0]) / d[0];
        for (std::size_t i = 1; i < last; ++i) {
            d[i] = x[i + 1] - x[i];
            b[i] = 2.0 * (d[i - 1] + d[i]);
            c[i + 1] = (y[i + 1] - y[i]) / d[i];
            c[i] = c[i + 1] - c[i];
        }
        // End conditions: third derivatives matched to divided differences (FMM).
        b[0] = -d[0];
        b[last] = -d[n - 2];
        c[0] = c[last] = 0.0;
        if (n > 3) {
            c[0] = c[2] / (x[3] - x[1]) - c[1] / (x[2] - x[0]);
            c[last] = c[n - 2] / (x[last] - x[n - 3]) - c[n - 3] / (x[n - 2] - x[n - 4]);
            c[0] = c[0] * d[0] * d[0] / (x[3] - x[0]);
            c[last] = -c[last] * d[n - 2] * d[n - 2] / (x[last] - x[n - 4]);
        }
        for (std::size_t i = 1; i <= last; ++i) {
            const double t = d[i - 1] / b[i - 1];
            b[i] -= t * d[i - 1];
            c[i] -= t * c[i - 1];
        }
        c[last] /= b[last];
        for (std::size_t i = last; i-- > 0;)
            c[i] = (c[i] - d[i] * c[i + 1]) / b[i];
        b[last] = (y[last] - y[n - 2]) / d[n - 2] + d[n - 2] * (c[n - 2] + 2.0 * c[last]);
        for (std::size_t i = 0; i < last; ++i) {
            b[i] = (y[i + 1] - y[i]) / d[i] - d[i] * (c[i + 1] + 2.0 * c[i]);
            d[i] = (c[i + 1] - c[i]) / d[i];
            c[i] *= 3.0;
        }
        c[last] *= 3.0;
        d[last] = d[n - 2];
    }
    out.x = grid(x.front(), x.back(), 3 * n);
    for (double u : out.x) {
        std::size_t i = 0;
        if (n > 1 && (u < x[0] || x[1] < u)) {
            std::size_t lo = 0, hi = n;
            while (hi > lo + 1) {
                const std::size_t mid = (lo + hi) / 2;
                if (u < x[mid])
                    hi = mid;
                else
                    lo = mid;
            }
            i = lo;
        }
        const double dx = u - x[i];
        out.y.push_back(y[i] + dx * (b[i] + dx * (c[i] + dx * d[i])));
    }
    return out;
}

std::optional<double> linear_approx(const std::vector<double>& x_in,
                                    const std::vector<double>& y_in, double at) {
    const Curve r = regularize(x_in, y_in);
    const std::size_t n = r.x.size();
    if (n == 0 || at < r.x.front() || at > r.x.back()) return std::nullopt;
    std::size_t i = 0, j = n - 1;
    while (i + 1 < j) {
        const std::size_t mid = (i + j) / 2;
        if (at < r.x[mid])
            j = mid;
        else
            i = mid;
    }
    if (at == r.x[j]) return r.y[j];
    if (at == r.x[i]) return r.y[i];
    return r.y[i] + (r.y[j] - r.y[i]) * ((at - r.x[i]) / (r.x[j] - r.x[i]));
}

}  // namespace dayzero::stats
