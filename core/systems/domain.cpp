#include "domain.h"

#include "../errors.h"
#include "../text/parse.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace shnn {

double Domain::lowest() const {
    double v = intervals.empty() ? 0.0 : intervals.front().lo;
    for (const auto& i : intervals) v = std::min(v, i.lo);
    return v;
}

double Domain::highest() const {
    double v = intervals.empty() ? 0.0 : intervals.front().hi;
    for (const auto& i : intervals) v = std::max(v, i.hi);
    return v;
}

void Domain::validate(int dim) const {
    if (this->dim() != dim)
        throw SettingsError("domain", "needs " + std::to_string(dim) + " intervals (q1..qd, p1..pd), got " +
                                          std::to_string(this->dim()));
    for (int i = 0; i < dim; ++i) {
        const Interval& iv = intervals[i];
        const std::string which = "interval " + std::to_string(i + 1);
        if (!std::isfinite(iv.lo) || !std::isfinite(iv.hi))
            throw SettingsError("domain", which + " has a non-finite bound");
        if (!(iv.lo < iv.hi))
            throw SettingsError("domain", which + " is empty or inverted (" + text::formatNumber(iv.lo) +
                                              ":" + text::formatNumber(iv.hi) + "; need LO < HI)");
        if (std::abs(iv.lo) > 1e6 || std::abs(iv.hi) > 1e6)
            throw SettingsError("domain", which + " reaches beyond ±1e6");
    }
}

Domain parseDomain(const std::string& text, int dim) {
    const auto parts = text::splitList(text);
    if (parts.empty()) throw SettingsError("domain", "is empty; expected LO:HI[,LO:HI]...");
    Domain d;
    for (const auto& part : parts) {
        const size_t colon = part.find(':');
        if (colon == std::string::npos || part.find(':', colon + 1) != std::string::npos)
            throw SettingsError("domain", "'" + part + "' is not of the form LO:HI");
        Interval iv;
        try {
            iv.lo = text::parseNumber(part.substr(0, colon));
            iv.hi = text::parseNumber(part.substr(colon + 1));
        } catch (const std::invalid_argument& e) {
            throw SettingsError("domain", e.what());
        }
        d.intervals.push_back(iv);
    }
    if (d.dim() == 1 && dim > 1) d.intervals.assign(dim, d.intervals.front());
    d.validate(dim);
    return d;
}

std::string formatDomain(const Domain& d) {
    std::string out;
    for (const auto& iv : d.intervals) {
        if (!out.empty()) out += ",";
        out += text::formatNumber(iv.lo) + ":" + text::formatNumber(iv.hi);
    }
    return out;
}

} // namespace shnn
