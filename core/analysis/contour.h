#pragma once
// Contour lines of a gridded function by marching squares. Each grid cell whose corners
// straddle the level contributes one segment (two for a saddle, disambiguated by the cell
// centre's value); crossings on cell edges are linearly interpolated. Segments that share an
// edge crossing are chained into polylines, so dashed line styles show their dashes.
#include <Eigen/Core>
#include <vector>

namespace shnn {

struct GridSpec;

struct Point2 {
    double x = 0, y = 0;
};
using Polyline = std::vector<Point2>;

// values is nx × ny over the grid of `spec`; returns the polylines of {values = level}.
std::vector<Polyline> contourLines(const Eigen::MatrixXd& values, const GridSpec& spec, double level);

} // namespace shnn
