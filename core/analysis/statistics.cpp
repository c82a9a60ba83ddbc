#include "statistics.h"

#include <algorithm>
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

} // namespace shnn
