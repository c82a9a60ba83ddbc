#include "contour.h"

#include "grid.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace shnn {

namespace {

// Edge crossings are keyed by the grid edge they lie on: horizontal edge (i,j)-(i+1,j) and
// vertical edge (i,j)-(i,j+1) get distinct ids, so two cells sharing an edge share its key.
struct Segment {
    long a, b;  // edge keys
};

} // namespace

std::vector<Polyline> contourLines(const Eigen::MatrixXd& v, const GridSpec& spec, double level) {
    const int nx = static_cast<int>(v.rows()), ny = static_cast<int>(v.cols());
    std::vector<Polyline> lines;
    if (nx < 2 || ny < 2) return lines;
    const long horizontalBase = 0, verticalBase = static_cast<long>(nx) * ny;
    auto hKey = [&](int i, int j) { return horizontalBase + static_cast<long>(j) * nx + i; };
    auto vKey = [&](int i, int j) { return verticalBase + static_cast<long>(j) * nx + i; };

    std::unordered_map<long, Point2> crossing;
    auto crossingOn = [&](long key, double xa, double ya, double fa, double xb, double yb, double fb) {
        auto it = crossing.find(key);
        if (it != crossing.end()) return;
        const double t = (level - fa) / (fb - fa);
        crossing.emplace(key, Point2{xa + t * (xb - xa), ya + t * (yb - ya)});
    };

    std::vector<Segment> segments;
    for (int j = 0; j + 1 < ny; ++j) {
        for (int i = 0; i + 1 < nx; ++i) {
            const double f00 = v(i, j), f10 = v(i + 1, j), f11 = v(i + 1, j + 1), f01 = v(i, j + 1);
            if (!std::isfinite(f00) || !std::isfinite(f10) || !std::isfinite(f11) || !std::isfinite(f01)) continue;
            const int code = (f00 > level) | ((f10 > level) << 1) | ((f11 > level) << 2) | ((f01 > level) << 3);
            if (code == 0 || code == 15) continue;
            const double x0 = spec.x(i), x1 = spec.x(i + 1), y0 = spec.y(j), y1 = spec.y(j + 1);
            // Edges: bottom (00-10), right (10-11), top (01-11), left (00-01).
            const long bottom = hKey(i, j), top = hKey(i, j + 1), left = vKey(i, j), right = vKey(i + 1, j);
            auto bottomX = [&] { crossingOn(bottom, x0, y0, f00, x1, y0, f10); };
            auto rightX = [&] { crossingOn(right, x1, y0, f10, x1, y1, f11); };
            auto topX = [&] { crossingOn(top, x0, y1, f01, x1, y1, f11); };
            auto leftX = [&] { crossingOn(left, x0, y0, f00, x0, y1, f01); };
            auto add = [&](long a, long b) { segments.push_back({a, b}); };
            switch (code) {
            case 1: case 14: bottomX(); leftX(); add(bottom, left); break;
            case 2: case 13: bottomX(); rightX(); add(bottom, right); break;
            case 3: case 12: leftX(); rightX(); add(left, right); break;
            case 4: case 11: rightX(); topX(); add(right, top); break;
            case 6: case 9: bottomX(); topX(); add(bottom, top); break;
            case 7: case 8: leftX(); topX(); add(left, top); break;
            case 5: case 10: {
                bottomX(); rightX(); topX(); leftX();
                const bool centreAbove = 0.25 * (f00 + f10 + f11 + f01) > level;
                // code 5: corners 00 and 11 above. If the centre is above too, they connect.
                if ((code == 5) == centreAbove) {
                    add(bottom, right);
                    add(top, left);
                } else {
                    add(bottom, left);
                    add(top, right);
                }
                break;
            }
            default: break;
            }
        }
    }

    // Chain segments into polylines through their shared edge crossings.
    std::unordered_multimap<long, size_t> byKey;
    byKey.reserve(segments.size() * 2);
    for (size_t s = 0; s < segments.size(); ++s) {
        byKey.emplace(segments[s].a, s);
        byKey.emplace(segments[s].b, s);
    }
    std::vector<bool> used(segments.size(), false);
    auto nextFrom = [&](long key) -> long {  // an unused segment touching `key`, or -1
        auto range = byKey.equal_range(key);
        for (auto it = range.first; it != range.second; ++it)
            if (!used[it->second]) return static_cast<long>(it->second);
        return -1;
    };
    for (size_t s = 0; s < segments.size(); ++s) {
        if (used[s]) continue;
        used[s] = true;
        std::vector<long> keys{segments[s].a, segments[s].b};
        // Extend forward from the tail, then backward from the head.
        for (int direction = 0; direction < 2; ++direction) {
            while (true) {
                const long tail = keys.back();
                const long n = nextFrom(tail);
                if (n < 0) break;
                used[static_cast<size_t>(n)] = true;
                const Segment& seg = segments[static_cast<size_t>(n)];
                keys.push_back(seg.a == tail ? seg.b : seg.a);
            }
            std::reverse(keys.begin(), keys.end());
        }
        Polyline line;
        line.reserve(keys.size());
        for (long k : keys) line.push_back(crossing.at(k));
        lines.push_back(std::move(line));
    }
    return lines;
}

} // namespace shnn
