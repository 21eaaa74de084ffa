#include "stats/root_finding.h"

#include <cmath>
#include <limits>

namespace dayzero::stats {

std::optional<double> brent_root(const std::function<double(double)>& f, double lower, double upper,
                                 double tolerance, int max_iterations) {
    constexpr double kEps = std::numeric_limits<double>::epsilon();
    double a = lower;
    double b = upper;
    double fa = f(a);
    double fb = f(b);
    if (fa == 0.0) {
        return a;
    }
    if (fb == 0.0) {
        return b;
    }
    if ((fa > 0.0) == (fb > 0.0)) {
        return std::nullopt;
    }
    // c is the contrapoint: f(b) and f(c) always bracket the root.
    double c = a;
    double fc = fa;
    for (int iteration = 0; iteration <= max_iterations; ++iteration) {
        const double previous_step = b - a;
        if (std::fabs(fc) < std::fabs(fb)) {
            // Keep b as the best approximation so far.
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        const double tol_act = 2.0 * kEps * std::fabs(b) + tolerance / 2.0;
        double new_step = (c - b) / 2.0;
        if (std::fabs(new_step) <= tol_act || fb == 0.0) {
            return b;
        }
        if (std::fabs(previous_step) >= tol_act && std::fabs(fa) > std::fabs(fb)) {
            // Try interpolation: secant when only two points are distinct, else inverse
            // quadratic; accept it only if it stays well inside the bracket.
            double p = 0.0;
            double q = 0.0;
            const double cb = c - b;
            if (a == c) {
                const double t1 = fb / fa;
                p = cb * t1;
                q = 1.0 - t1;
            } else {
                const double qa = fa / fc;
                const double t1 = fb / fc;
                const double t2 = fb / fa;
                p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1.0));
                q = (qa - 1.0) * (t1 - 1.0) * (t2 - 1.0);
            }
            if (p > 0.0) {
                q = -q;
            } else {
                p = -p;
            }
            if (p < (0.75 * cb * q - std::fabs(tol_act * q) / 2.0) &&
                p < std::fabs(previous_step * q / 2.0)) {
                new_step = p / q;
            }
        }
        if (std::fabs(new_step) < tol_act) {
            new_step = new_step > 0.0 ? tol_act : -tol_act;
        }
        a = b;
        fa = fb;
        b += new_step;
        fb = f(b);
        if ((fb > 0.0 && fc > 0.0) || (fb < 0.0 && fc < 0.0)) {
            c = a;
            fc = fa;
        }
    }
    return std::nullopt;
}

}  // namespace dayzero::stats
