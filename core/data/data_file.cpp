#include "data_file.h"

#include "../errors.h"
#include "../text/parse.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace shnn {

namespace {

std::vector<std::string> splitFields(const std::string& line) {
    std::vector<std::string> out;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, ',')) out.push_back(text::trim(field));
    if (!line.empty() && line.back() == ',') out.push_back("");
    return out;
}

struct Columns {
    std::map<std::string, int> index;  // name → column
    std::vector<std::string> names;
    int at(const std::string& n) const { return index.at(n); }
    bool has(const std::string& n) const { return index.count(n) != 0; }
};

// The degree of freedom of a header: the highest i among q1..qi (or 1 for a bare `q`).
int dofOf(const Columns& c) {
    if (c.has("q") || c.has("p")) return 1;
    int d = 0;
    while (c.has("q" + std::to_string(d + 1))) ++d;
    return d;
}

// Column names of the d positions then the d momenta, with a suffix or prefix.
std::vector<std::string> stateNames(int d, bool bare, const std::string& prefix, const std::string& suffix) {
    std::vector<std::string> n;
    for (const char* v : {"q", "p"})
        for (int i = 1; i <= d; ++i) n.push_back(prefix + v + (bare ? "" : std::to_string(i)) + suffix);
    return n;
}

// Where a problem is, as every message says it: "line L", "line L, column C",
// "line L, column C ('name')".
std::string where(int line, int column = 0, const std::string& name = "") {
    std::string s = "line " + std::to_string(line);
    if (column > 0) s += ", column " + std::to_string(column);
    if (!name.empty()) s += " ('" + name + "')";
    return s;
}

} // namespace

std::vector<std::pair<double, double>> DataFile::boundingBox() const {
    std::vector<std::pair<double, double>> box;
    for (int i = 0; i < dim(); ++i) {
        double lo = X.col(i).minCoeff(), hi = X.col(i).maxCoeff();
        if (next.rows() == X.rows()) {
            lo = std::min(lo, next.col(i).minCoeff());
            hi = std::max(hi, next.col(i).maxCoeff());
        }
        box.emplace_back(lo, hi);
    }
    return box;
}

DataFile readDataFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(path, "cannot open the data file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw FileError(path, "cannot read the data file");
    return parseDataFile(text.str(), path);
}

DataFile parseDataFile(const std::string& text, const std::string& path) {
    DataFile f;
    f.path = path;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    Columns cols;
    int headerLine = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (text::trim(line).empty() || text::trim(line)[0] == '#') continue;
        headerLine = lineNo;
        cols.names = splitFields(line);
        break;
    }
    if (!headerLine) throw FileError(path, "empty: expected a header line (traj,t,q1,...,p1,... or q1,...,q1_next,...,h)");
    for (int c = 0; c < static_cast<int>(cols.names.size()); ++c) {
        const std::string& n = cols.names[static_cast<size_t>(c)];
        if (n.empty()) throw FileError(path, where(headerLine, c + 1) + ": empty column name");
        if (!cols.index.emplace(n, c).second)
            throw FileError(path, where(headerLine, c + 1) + ": column '" + n + "' appears twice");
    }
    const int d = dofOf(cols);
    if (d == 0) throw FileError(path, where(headerLine) + ": no state columns (expected q1..qd, p1..pd, or q, p for one degree of freedom)");
    const bool bare = cols.has("q") || cols.has("p");
    f.dof = d;
    const bool traj = cols.has("traj") || cols.has("t");
    f.layout = traj ? DataFileLayout::Trajectories : DataFileLayout::Snapshots;

    std::vector<std::string> expected;
    if (traj) expected = {"traj", "t"};
    for (const auto& n : stateNames(d, bare, "", "")) expected.push_back(n);
    if (!traj) {
        for (const auto& n : stateNames(d, bare, "", "_next")) expected.push_back(n);
        expected.push_back("h");
    }
    const auto derivNames = stateNames(d, bare, "d", "");
    const bool hasDeriv = cols.has(derivNames[0]);
    if (hasDeriv)
        for (const auto& n : derivNames) expected.push_back(n);
    for (const auto& n : expected)
        if (!cols.has(n))
            throw FileError(path, where(headerLine) + ": column '" + n + "' is missing (" +
                                      (traj ? "trajectory layout: traj,t,q1..qd,p1..pd"
                                            : "snapshot layout: q1..qd,p1..pd,q1_next..pd_next,h") +
                                      (hasDeriv ? ", derivatives dq1..dqd,dp1..dpd" : "") + ")");
    if (expected.size() != cols.names.size())
        for (int c = 0; c < static_cast<int>(cols.names.size()); ++c) {
            const std::string& n = cols.names[static_cast<size_t>(c)];
            bool known = false;
            for (const auto& e : expected) known = known || e == n;
            if (!known)
                throw FileError(path, where(headerLine, c + 1) + ": unknown column '" + n + "' for " + std::to_string(d) +
                                          " degree(s) of freedom");
        }

    const int D = 2 * d;
    std::vector<std::vector<double>> rows;
    std::vector<int> lines;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (text::trim(line).empty() || text::trim(line)[0] == '#') continue;
        const auto fields = splitFields(line);
        if (fields.size() != cols.names.size())
            throw FileError(path, where(lineNo) + ": " + std::to_string(fields.size()) +
                                      " field(s), the header has " + std::to_string(cols.names.size()) +
                                      " (a truncated or ragged line)");
        std::vector<double> v(fields.size());
        for (size_t c = 0; c < fields.size(); ++c) {
            const std::string at = where(lineNo, static_cast<int>(c) + 1, cols.names[c]);
            const char* s = fields[c].c_str();
            char* end = nullptr;
            errno = 0;
            const double x = std::strtod(s, &end);
            if (fields[c].empty() || end == s || *end != '\0')
                throw FileError(path, at + ": not a number: '" + fields[c] + "'");
            if (!std::isfinite(x) || errno == ERANGE)
                throw FileError(path, at + ": not a finite number: '" + fields[c] + "'");
            v[c] = x;
        }
        rows.push_back(std::move(v));
        lines.push_back(lineNo);
    }
    if (rows.empty()) throw FileError(path, "no data rows after the header (line " + std::to_string(headerLine) + ")");

    const Eigen::Index N = static_cast<Eigen::Index>(rows.size());
    f.X.resize(N, D);
    f.group.resize(N);
    if (hasDeriv) f.dXdt = Eigen::MatrixXd(N, D);
    if (traj) f.t.resize(N);
    else {
        f.next.resize(N, D);
        f.h.resize(N);
    }
    const auto names = stateNames(d, bare, "", ""), nextNames = stateNames(d, bare, "", "_next");
    std::map<long long, int> ids;
    std::vector<double> lastT;
    for (Eigen::Index k = 0; k < N; ++k) {
        const auto& r = rows[static_cast<size_t>(k)];
        const auto cell = [&](const std::string& name) { return where(lines[static_cast<size_t>(k)], cols.at(name) + 1, name); };
        for (int i = 0; i < D; ++i) {
            f.X(k, i) = r[static_cast<size_t>(cols.at(names[static_cast<size_t>(i)]))];
            if (hasDeriv) (*f.dXdt)(k, i) = r[static_cast<size_t>(cols.at(derivNames[static_cast<size_t>(i)]))];
        }
        if (traj) {
            const double id = r[static_cast<size_t>(cols.at("traj"))];
            if (id != std::floor(id) || std::abs(id) > 1e15)
                throw FileError(path, cell("traj") + ": a trajectory id is a whole number, got " + text::formatNumber(id));
            const auto [it, fresh] = ids.emplace(static_cast<long long>(id), static_cast<int>(ids.size()));
            const int g = it->second;
            f.group(k) = g;
            const double t = r[static_cast<size_t>(cols.at("t"))];
            if (fresh) {
                lastT.push_back(t);
                f.groupIds.push_back(static_cast<long long>(id));
                f.firstLine.push_back(lines[static_cast<size_t>(k)]);
            }
            else if (!(t > lastT[static_cast<size_t>(g)]))
                throw FileError(path, cell("t") + ": time " +
                                          text::formatNumber(t) + " does not increase along trajectory " +
                                          text::formatNumber(id) + " (previous " +
                                          text::formatNumber(lastT[static_cast<size_t>(g)]) + ")");
            lastT[static_cast<size_t>(g)] = t;
            f.t(k) = t;
        } else {
            f.group(k) = static_cast<int>(k);
            for (int i = 0; i < D; ++i) f.next(k, i) = r[static_cast<size_t>(cols.at(nextNames[static_cast<size_t>(i)]))];
            const double h = r[static_cast<size_t>(cols.at("h"))];
            if (!(h > 0))
                throw FileError(path, cell("h") + ": the step must be positive, got " + text::formatNumber(h));
            f.h(k) = h;
        }
    }
    f.groups = traj ? static_cast<int>(ids.size()) : static_cast<int>(N);
    return f;
}

Eigen::MatrixXd trajectoryDerivatives(const DataFile& f) {
    const Eigen::Index N = f.rows();
    Eigen::MatrixXd dx(N, f.dim());
    std::vector<std::vector<Eigen::Index>> members(static_cast<size_t>(f.groups));
    for (Eigen::Index k = 0; k < N; ++k) members[static_cast<size_t>(f.group(k))].push_back(k);
    for (size_t g = 0; g < members.size(); ++g) {
        const auto& m = members[g];
        const size_t n = m.size();
        if (n < 2)
            throw FileError(f.path, where(f.firstLine[g]) + ": trajectory " +
                                        std::to_string(f.groupIds[g]) +
                                        " has a single state; finite differences need two or more (or dq/dp columns)");
        const auto x = [&](size_t i) { return f.X.row(m[i]); };
        const auto t = [&](size_t i) { return f.t(m[i]); };
        if (n == 2) {
            const Eigen::RowVectorXd q = (x(1) - x(0)) / (t(1) - t(0));
            dx.row(m[0]) = q;
            dx.row(m[1]) = q;
            continue;
        }
        for (size_t i = 0; i < n; ++i) {
            // The three points used: i−1, i, i+1 inside; the first or last three at the ends.
            const size_t c = i == 0 ? 1 : i == n - 1 ? n - 2 : i;
            const double a = t(c) - t(c - 1), b = t(c + 1) - t(c);  // t₋, t₊ around the centre
            if (i == c) {
                dx.row(m[i]) = (a * a * x(c + 1) - b * b * x(c - 1) + (b * b - a * a) * x(c)) / (a * b * (a + b));
            } else if (i == 0) {
                // Derivative of the interpolating parabola at the left end, t = t_{c−1}.
                dx.row(m[i]) = -(2 * a + b) / (a * (a + b)) * x(c - 1) + (a + b) / (a * b) * x(c) - a / (b * (a + b)) * x(c + 1);
            } else {
                // … at the right end, t = t_{c+1}.
                dx.row(m[i]) = b / (a * (a + b)) * x(c - 1) - (a + b) / (a * b) * x(c) + (a + 2 * b) / (b * (a + b)) * x(c + 1);
            }
        }
    }
    return dx;
}

std::string derivativeNote(const DataFile& f) {
    if (f.dXdt) return "measured (the file's dq/dp columns)";
    if (f.layout == DataFileLayout::Snapshots) return "forward differences (x_next - x)/h of the snapshot pairs";
    return "second-order finite differences along each trajectory (three points, uneven steps allowed)";
}

Domain DataFile::box() const {
    Domain d;
    for (const auto& [lo, hi] : boundingBox()) {
        const double pad = hi > lo ? 0.0 : std::max(0.5, 1e-3 * std::abs(lo));
        d.intervals.push_back({lo - pad, hi + pad});
    }
    return d;
}

} // namespace shnn
