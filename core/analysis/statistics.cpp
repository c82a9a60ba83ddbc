#include "statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace shnn {

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

double mean(const std::vector<double>& v) {
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

Summary summarize(const std::vector<double>& v) {
    Summary s;
    if (v.empty()) return s;
    s.median = median(v);
    s.mean = mean(v);
    s.min = *std::min_element(v.begin(), v.end());
    s.max = *std::max_element(v.begin(), v.end());
    s.count = static_cast<int>(v.size());
    return s;
}

double logLogSlope(const std::vector<double>& x, const std::vector<double>& y) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (x.size() != y.size() || x.size() < 2) return nan;
    std::vector<double> lx, ly;
    for (std::size_t k = 0; k < x.size(); ++k) {
        if (!(x[k] > 0) || !(y[k] > 0)) return nan;
        lx.push_back(std::log(x[k]));
        ly.push_back(std::log(y[k]));
    }
    const double mx = mean(lx), my = mean(ly);
    double sxy = 0, sxx = 0;
    for (std::size_t k = 0; k < lx.size(); ++k) {
        sxy += (lx[k] - mx) * (ly[k] - my);
        sxx += (lx[k] - mx) * (lx[k] - mx);
    }
    return sxx > 0 ? sxy / sxx : nan;
}

} // namespace shnn
