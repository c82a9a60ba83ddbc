#pragma once
// The summaries every report uses (sweep tables and plots, bench): one definition each.
#include <vector>

namespace shnn {

// The median: the middle value, or the mean of the two middle values for an even count.
double median(std::vector<double> v);
double mean(const std::vector<double>& v);

struct Summary {
    double median = 0, mean = 0, min = 0, max = 0;
    int count = 0;
};
Summary summarize(const std::vector<double>& v);

// The least-squares slope of log y against log x: the order p of y ≈ C xᵖ (an error against
// the step h: 1 for O(h), 2 for O(h²)). NaN unless there are two or more points, all positive,
// with at least two different x.
double logLogSlope(const std::vector<double>& x, const std::vector<double>& y);

} // namespace shnn
