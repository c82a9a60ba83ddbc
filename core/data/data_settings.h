#pragma once
// How training data are generated (uniform states, trajectories, snapshot pairs) and observed
// (derivatives, noise): a plain value, part of TrainingSettings, used by the generators in
// this folder.
#include <string>

namespace shnn {

enum class DataKind { Uniform, Trajectories, Snapshots };
enum class DerivativeSource { VectorField, FiniteDifferences };
// Where a snapshot pair's forward difference (x_next − x)/h is attributed (see snapshot_data.h).
enum class FitPoint { Start, SymplecticEuler, Midpoint };

std::string dataKindName(DataKind k);                  // "uniform", "trajectories", "snapshots"
DataKind parseDataKind(const std::string& s);          // throws SettingsError("data", ...)
std::string derivativeSourceName(DerivativeSource s);  // "field", "finite-differences"
DerivativeSource parseDerivativeSource(const std::string& s);
std::string fitPointName(FitPoint f);                  // "start", "symplectic-euler", "midpoint"
FitPoint parseFitPoint(const std::string& s);          // throws SettingsError("fit-at", ...)

// Training data from trajectories of the true system (docs/method.md §4): initial states uniform in
// the box, `points` observations each `dt` apart, optional Gaussian observation noise, and
// derivatives from the true field or from central differences of the observations.
struct DataSettings {
    DataKind kind = DataKind::Uniform;
    int points = 20;
    double dt = 0.1;
    DerivativeSource derivatives = DerivativeSource::VectorField;
    double noise = 0.0;
    bool noiseRelative = false;  // σ times each coordinate's spread (data/observation_noise.h)
    // Snapshots (paper §4.6): one pair (x, Φ_h x) per state, the step h, where the difference
    // quotient is attributed, and the first-order correction of the learned Ĥ.
    double h = 0.1;
    FitPoint fitAt = FitPoint::SymplecticEuler;
    bool correct = false;
    bool operator==(const DataSettings& o) const {
        return kind == o.kind && points == o.points && dt == o.dt && derivatives == o.derivatives && noise == o.noise &&
               noiseRelative == o.noiseRelative &&
               h == o.h && fitAt == o.fitAt && correct == o.correct;
    }
};

} // namespace shnn
