#pragma once
// The phase-space box: one closed interval per coordinate, ordered q1..qd, p1..pd.
#include <string>
#include <vector>

namespace shnn {

struct Interval {
    double lo = 0.0;
    double hi = 0.0;
    double width() const { return hi - lo; }
    bool operator==(const Interval& o) const { return lo == o.lo && hi == o.hi; }
};

struct Domain {
    std::vector<Interval> intervals;

    int dim() const { return static_cast<int>(intervals.size()); }
    double lowest() const;   // smallest lower bound over all coordinates (ELM bias range)
    double highest() const;  // largest upper bound over all coordinates
    bool operator==(const Domain& o) const { return intervals == o.intervals; }

    // Throws SettingsError("domain", ...) unless there are `dim` finite intervals, lo < hi.
    void validate(int dim) const;
};

// "LO:HI[,LO:HI]..." with one interval per coordinate or a single one for all of them.
// Numbers may use pi ("-2pi:2pi"). Throws SettingsError("domain", ...).
Domain parseDomain(const std::string& text, int dim);

std::string formatDomain(const Domain& d);

} // namespace shnn
