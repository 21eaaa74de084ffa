#include "stats/descriptives.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <unordered_map>

namespace dayzero::stats {

namespace {

// Mean as R's mean.default: long-double sum, then one refinement pass over the residuals.
double r_mean(const std::vector<double>& x) {
    long double sum = 0.0L;
    for (double v : x) {
        sum += v;
    }
    const auto n = static_cast<long double>(x.size());
    long double mean = sum / n;
    long double residual = 0.0L;
    for (double v : x) {
        residual += static_cast<long double>(v) - mean;
    }
    mean += residual / n;
    return static_cast<double>(mean);
}

// Sample variance via the two-pass formula about the refined mean, as R's var().
double r_variance(const std::vector<double>& x, double mean) {
    long double ss = 0.0L;
    for (double v : x) {
        const long double d = static_cast<long double>(v) - mean;
        ss += d * d;
    }
    return static_cast<double>(ss / static_cast<long double>(x.size() - 1));
}

// R's type 7: h = 1 + (n - 1) p; interpolate between the order statistics around h.
double quantile_type7(const std::vector<double>& x, double p) {
    const double index = 1.0 + static_cast<double>(x.size() - 1) * p;
    const auto lo = static_cast<std::size_t>(std::floor(index));
    const auto hi = static_cast<std::size_t>(std::ceil(index));
    const double q_lo = x[lo - 1];
    const double q_hi = x[hi - 1];
    if (index > static_cast<double>(lo) && q_hi != q_lo) {
        const double h = index - static_cast<double>(lo);
        return (1.0 - h) * q_lo + h * q_hi;
    }
    return q_lo;
}

// R's type 6: position p (n + 1), clamped to the sample, with R's 4-epsilon fuzz.
double quantile_type6(const std::vector<double>& x, double p) {
    const double fuzz = 4.0 * std::numeric_limits<double>::epsilon();
    const auto n = static_cast<double>(x.size());
    const double nppm = p * (n + 1.0);
    const double j = std::floor(nppm + fuzz);
    double h = nppm - j;
    if (std::fabs(h) < fuzz) {
        h = 0.0;
    }
    // Padded order statistic: positions below 1 use x[1], above n use x[n].
    auto at = [&](double pos) {
        if (pos < 1.0) {
            return x.front();
        }
        if (pos > n) {
            return x.back();
        }
        return x[static_cast<std::size_t>(pos) - 1];
    };
    const double lower = at(j);
    const double upper = at(j + 1.0);
    if (h == 1.0) {
        return upper;
    }
    if (h > 0.0 && h < 1.0 && lower != upper) {
        return (1.0 - h) * lower + h * upper;
    }
    return lower;
}

}  // namespace

std::optional<double> quantile_sorted(const std::vector<double>& sorted, double p,
                                      QuantileType type) {
    if (sorted.empty() || !(p >= 0.0 && p <= 1.0)) {
        return std::nullopt;
    }
    return type == QuantileType::kType6 ? quantile_type6(sorted, p) : quantile_type7(sorted, p);
}

Descriptives describe(const std::vector<std::optional<double>>& values, QuantileType type) {
    std::vector<double> present;
    present.reserve(values.size());
    std::int64_t missing = 0;
    for (const auto& v : values) {
        if (v.has_value()) {
            present.push_back(*v);
        } else {
            ++missing;
        }
    }
    Descriptives result = describe(present, type);
    result.missing += missing;
    return result;
}

Descriptives describe(const std::vector<double>& values, QuantileType type) {
    Descriptives result;
    std::vector<double> x;
    x.reserve(values.size());
    for (double v : values) {
        if (std::isnan(v)) {
            ++result.missing;
        } else {
            x.push_back(v);
        }
    }
    result.n = static_cast<std::int64_t>(x.size());
    if (x.empty()) {
        result.not_computable = "not computable: no non-missing values";
        return result;
    }
    std::sort(x.begin(), x.end());
    result.mean = r_mean(x);
    if (x.size() >= 2) {
        result.sd = std::sqrt(r_variance(x, *result.mean));
    }
    result.min = x.front();
    result.max = x.back();
    result.q1 = quantile_sorted(x, 0.25, type);
    result.q3 = quantile_sorted(x, 0.75, type);
    const std::size_t half = (x.size() + 1) / 2;
    if (x.size() % 2 == 1) {
        result.median = x[half - 1];
    } else {
        result.median =
            static_cast<double>((static_cast<long double>(x[half - 1]) + x[half]) / 2.0L);
    }
    // Infinite inputs can make R print NaN (e.g. Inf - Inf); we report NA instead.
    for (std::optional<double>* field :
         {&result.mean, &result.sd, &result.q1, &result.median, &result.q3}) {
        if (*field && std::isnan(**field)) {
            field->reset();
        }
    }
    return result;
}

CategoryCounts count_categories(const std::vector<std::optional<std::string>>& values) {
    CategoryCounts result;
    std::unordered_map<std::string, std::size_t> index;
    for (const auto& v : values) {
        if (!v.has_value()) {
            ++result.missing;
            continue;
        }
        auto [it, inserted] = index.emplace(*v, result.levels.size());
        if (inserted) {
            result.levels.push_back(CategoryCount{*v, 0, 0.0});
        }
        ++result.levels[it->second].count;
        ++result.total;
    }
    for (auto& level : result.levels) {
        level.percent =
            100.0 * static_cast<double>(level.count) / static_cast<double>(result.total);
    }
    return result;
}

std::string format_percent(double percent) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.1f", percent);
    return buffer;
}

std::string format_count_percent(std::int64_t count, std::int64_t total) {
    if (total <= 0) {
        return std::to_string(count) + " (-)";
    }
    const double percent = 100.0 * static_cast<double>(count) / static_cast<double>(total);
    return std::to_string(count) + " (" + format_percent(percent) + "%)";
}

}  // namespace dayzero::stats
