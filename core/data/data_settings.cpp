#include "data_settings.h"

#include "../errors.h"

namespace shnn {

std::string dataKindName(DataKind k) {
    switch (k) {
    case DataKind::Uniform: return "uniform";
    case DataKind::Trajectories: return "trajectories";
    case DataKind::Snapshots: return "snapshots";
    }
    return "uniform";
}

DataKind parseDataKind(const std::string& s) {
    if (s == "uniform") return DataKind::Uniform;
    if (s == "trajectories") return DataKind::Trajectories;
    if (s == "snapshots") return DataKind::Snapshots;
    throw SettingsError("data", "unknown data kind '" + s + "' (known: uniform, trajectories, snapshots)");
}

std::string fitPointName(FitPoint f) {
    switch (f) {
    case FitPoint::Start: return "start";
    case FitPoint::SymplecticEuler: return "symplectic-euler";
    case FitPoint::Midpoint: return "midpoint";
    }
    return "start";
}

FitPoint parseFitPoint(const std::string& s) {
    if (s == "start") return FitPoint::Start;
    if (s == "symplectic-euler") return FitPoint::SymplecticEuler;
    if (s == "midpoint") return FitPoint::Midpoint;
    throw SettingsError("fit-at", "unknown point '" + s + "' (known: start, symplectic-euler, midpoint)");
}

std::string derivativeSourceName(DerivativeSource s) {
    return s == DerivativeSource::VectorField ? "field" : "finite-differences";
}

DerivativeSource parseDerivativeSource(const std::string& s) {
    if (s == "field") return DerivativeSource::VectorField;
    if (s == "finite-differences") return DerivativeSource::FiniteDifferences;
    throw SettingsError("derivatives", "unknown derivative source '" + s + "' (known: field, finite-differences)");
}

} // namespace shnn
