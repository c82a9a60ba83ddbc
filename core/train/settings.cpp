#include "settings.h"

#include "../data/dataset.h"
#include "../errors.h"
#include "../sampling/samplers.h"
#include "../systems/system.h"
#include "../text/parse.h"

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

namespace shnn {

bool TrainingSettings::operator==(const TrainingSettings& o) const {
    return system == o.system && formula == o.formula && dof == o.dof && params == o.params && domain == o.domain && sampler == o.sampler &&
           width == o.width && train == o.train && test == o.test && seed == o.seed && rcond == o.rcond && rcondAuto == o.rcondAuto && aswimFirstWidth == o.aswimFirstWidth &&
           aswimFirstTrain == o.aswimFirstTrain && aswimFullFirstPass == o.aswimFullFirstPass &&
           solver == o.solver && anchor == o.anchor && anchorH == o.anchorH && data == o.data && dataFile == o.dataFile;
}

namespace {

void requireRange(const char* key, std::int64_t v, std::int64_t lo, std::int64_t hi, const std::string& why) {
    if (v < lo) throw SettingsError(key, "must be at least " + std::to_string(lo) + why + ", got " + std::to_string(v));
    if (v > hi) throw SettingsError(key, "must be at most " + std::to_string(hi) + ", got " + std::to_string(v));
}

// H and ∇H on a 5-point grid per axis of the box (corners included): a domain where the
// system overflows (Lotka–Volterra's exp at |q| = 800) or is undefined is refused before
// any data is drawn (the same limit as for the data, kLargestUsableValue).
void probeDomain(const HamiltonianSystem& sys, const Domain& box) {
    const int D = sys.dim();
    std::vector<double> x(static_cast<size_t>(D)), g(static_cast<size_t>(D));
    // Every point of the 5^D grid up to D = 6; beyond, 20000 of them drawn with a fixed seed
    // (corners and centre included), so a 20-dimensional box costs milliseconds.
    double grid = 1;
    for (int i = 0; i < D; ++i) grid *= 5;
    const bool full = grid <= 20000;
    const long total = full ? static_cast<long>(grid) : 20000;
    std::mt19937_64 rng(0x5052);
    std::uniform_int_distribution<int> level(0, 4);
    for (long k = 0; k < total; ++k) {
        long rest = k;
        for (int i = 0; i < D; ++i) {
            const Interval& iv = box.intervals[static_cast<size_t>(i)];
            int l;
            if (full) l = static_cast<int>(rest % 5);
            else if (k == 0) l = 2;                                  // the centre
            else if (k < 3) l = k == 1 ? 0 : 4;                      // two opposite corners
            else l = level(rng);
            x[static_cast<size_t>(i)] = iv.lo + iv.width() * l / 4.0;
            rest /= 5;
        }
        const double h = sys.H(x.data());
        sys.gradH(x.data(), g.data());
        bool bad = !usable(h);
        for (double v : g) bad = bad || !usable(v);
        if (bad) {
            std::string state;
            for (double v : x) state += (state.empty() ? "" : ", ") + text::formatNumber(v);
            if (sys.name() == "formula")
                throw SettingsError("H", "is not finite (or overflows) at (" + state + ") inside the domain: " + sys.formula() +
                                             "; change H or choose a smaller domain");
            throw SettingsError("domain", "H of " + sys.name() + " overflows or is undefined at (" + state +
                                              "); choose a smaller domain");
        }
    }
}

} // namespace

SystemPtr systemFor(const TrainingSettings& s) {
    if (s.system == "formula") {
        if (s.formula.empty()) throw SettingsError("H", "is required for --system formula (e.g. --H 'p^2/2 + 1 - cos(q)')");
        return makeFormulaSystem(s.formula, s.params, s.dof);
    }
    if (!s.formula.empty()) throw SettingsError("H", "only applies with --system formula");
    return makeSystem(s.system, s.params);
}

std::vector<double> defaultAnchor(const Domain& box) {
    std::vector<double> x(static_cast<size_t>(box.dim()), 0.0);
    if (anchorInside(box, x)) return x;
    for (int i = 0; i < box.dim(); ++i) {
        const Interval& iv = box.intervals[static_cast<size_t>(i)];
        x[static_cast<size_t>(i)] = 0.5 * (iv.lo + iv.hi);
    }
    return x;
}

bool anchorInside(const Domain& box, const std::vector<double>& x) {
    if (static_cast<int>(x.size()) != box.dim()) return false;
    for (int i = 0; i < box.dim(); ++i) {
        const Interval& iv = box.intervals[static_cast<size_t>(i)];
        if (!(x[static_cast<size_t>(i)] >= iv.lo && x[static_cast<size_t>(i)] <= iv.hi)) return false;
    }
    return true;
}

std::optional<bool> parseAswimFullFirstPass(const std::string& text) {
    if (text == "full") return true;
    if (text == "auto") return false;
    return std::nullopt;
}

TrainingSettings resolveSettings(const TrainingSettings& in) {
    TrainingSettings s = in;
    const auto sys = systemFor(s);  // checks the name (or the formula) and the parameters
    s.params.clear();
    for (const auto& p : sys->params()) s.params[p.name] = p.value;
    if (s.system == "formula") s.dof = sys->dof();

    const int D = sys->dim();
    if (s.domain.intervals.empty()) s.domain = sys->defaultDomain();
    s.domain.validate(D);

    probeDomain(*sys, s.domain);

    requireRange("width", s.width, 1, SettingLimits::maxWidth, " (one hidden neuron)");
    requireRange("train", s.train, SettingLimits::minTrain, SettingLimits::maxTrain,
                 " (SWIM pairs need three states)");
    requireRange("test", s.test, 1, SettingLimits::maxTest, "");
    if (s.sampler != Sampler::Elm && static_cast<double>(s.width) > distinctPairs(s.train))
        throw SettingsError("width", "width " + std::to_string(s.width) + " exceeds the " +
                                         std::to_string(static_cast<long long>(distinctPairs(s.train))) +
                                         " distinct pairs of " + std::to_string(s.train) + " training states");
    if (!std::isfinite(s.rcond) || !(s.rcond > 0.0) || !(s.rcond < 1.0))
        throw SettingsError("rcond", "must lie in (0, 1), got " + text::formatNumber(s.rcond));
    // Above the width (or the training set) a first-pass size is the width (a sweep may vary it).
    if (s.aswimFirstWidth != 0 && s.sampler != Sampler::ASwim)
        throw SettingsError("aswim-first-width", "only applies with --sampler aswim");
    if (s.aswimFirstWidth < 0)
        throw SettingsError("aswim-first-width", "must be a positive width, got " + std::to_string(s.aswimFirstWidth));
    if (s.aswimFirstTrain != 0 && s.sampler != Sampler::ASwim)
        throw SettingsError("aswim-first-train", "only applies with --sampler aswim");
    if (s.aswimFirstTrain < 0 || (s.aswimFirstTrain > 0 && s.aswimFirstTrain < SettingLimits::minTrain))
        throw SettingsError("aswim-first-train", "must be at least " + std::to_string(SettingLimits::minTrain) +
                                                     " states, got " + std::to_string(s.aswimFirstTrain));
    if (s.aswimFullFirstPass && s.sampler != Sampler::ASwim)
        throw SettingsError("aswim-first-pass", "only applies with --sampler aswim");
    if (s.rcondAuto && s.solver != Solver::Qr && s.solver != Solver::QrSvd)
        throw SettingsError("rcond", "auto chooses the damping of the structured solvers: use --solver qr or qr-svd");

    if (s.anchor.empty()) s.anchor = defaultAnchor(s.domain);
    if (static_cast<int>(s.anchor.size()) != D)
        throw SettingsError("anchor", "needs " + std::to_string(D) + " values, got " + std::to_string(s.anchor.size()));
    for (double v : s.anchor)
        if (!std::isfinite(v)) throw SettingsError("anchor", "has a non-finite value");
    if (!s.anchorH) {
        const double h = sys->H(s.anchor.data());
        if (!std::isfinite(h)) throw SettingsError("anchor", "H is not finite at the anchor state");
        s.anchorH = h;
    } else if (!std::isfinite(*s.anchorH)) {
        throw SettingsError("anchor-h", "is not a finite number");
    }

    if (s.data.kind == DataKind::Trajectories) {
        if (s.data.points < 3 || s.data.points > 100000)
            throw SettingsError("traj-points", "must be between 3 and 100000, got " + std::to_string(s.data.points));
        if (!std::isfinite(s.data.dt) || !(s.data.dt > 0.0) || s.data.dt > 1e3)
            throw SettingsError("traj-dt", "must be a positive time step up to 1000, got " + text::formatNumber(s.data.dt));
    }
    if (s.data.kind == DataKind::Snapshots) {
        if (!std::isfinite(s.data.h) || !(s.data.h > 0.0) || s.data.h > 1e3)
            throw SettingsError("h", "must be a positive time step up to 1000, got " + text::formatNumber(s.data.h));
        // The correction is the first term of symplectic Euler's modified Hamiltonian; the
        // midpoint rule has no first-order term and the start point is no symplectic method.
        if (s.data.correct && s.data.fitAt != FitPoint::SymplecticEuler)
            throw SettingsError("correct", "applies to --fit-at symplectic-euler only (the midpoint fit has no "
                                           "first-order error; the start point has no modified Hamiltonian)");
    }
    if (!std::isfinite(s.data.noise) || s.data.noise < 0.0)
        throw SettingsError("noise", "must be a finite number ≥ 0, got " + text::formatNumber(s.data.noise));
    return s;
}

double availableMemoryBytes() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    double kb = 0.0;
    std::string unit;
    while (in >> key >> kb >> unit)
        if (key == "MemAvailable:") return kb * 1024.0;
    return 1e18;
}

double estimatePeakBytes(const TrainingSettings& s) {
    const double D = static_cast<double>(s.domain.dim());
    const double N = static_cast<double>(s.train), M = static_cast<double>(s.width), T = static_cast<double>(s.test);
    // Data: states, derivatives, targets, true ∇H and H for train and test sets.
    const double data = 8.0 * (N + T) * (4.0 * D + 2.0);
    // Sampling: candidate pairs and their hash index (SWIM types), the layer itself.
    const double sampling = (s.sampler == Sampler::Elm ? 0.0 : 48.0 * std::max(N, M)) + 8.0 * M * (D + 2.0);
    return data + sampling + solverPeakBytes(s.solver, N, D, M) + 64e6;  // + evaluation blocks, runtime
}

void checkMemory(const TrainingSettings& s) {
    const double need = estimatePeakBytes(s);
    const double have = availableMemoryBytes();
    if (need > 0.9 * have) {
        std::ostringstream msg;
        msg.precision(3);
        msg << "this fit needs about " << need / 1e9 << " GB of memory but only " << have / 1e9
            << " GB are available; reduce the width or the training set"
            << (s.solver == Solver::Svd ? ", or use --solver qr" : "");
        const bool trainDominates = s.solver == Solver::Svd || static_cast<double>(s.train) > 10.0 * s.width;
        throw SettingsError(trainDominates ? "train" : "width", msg.str());
    }
}

} // namespace shnn
