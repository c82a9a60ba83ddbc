#include "cli_common.h"
#include "commands.h"
#include "core/errors.h"
#include "core/integrate/trajectory.h"
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"
#include "core/systems/system.h"
#include "app/options/command_line.h"
#include "core/text/parse.h"

#include <cstdio>
#include <stdexcept>

namespace shnn::cli {

namespace {

Json matrixRows(const Eigen::MatrixXd& m) {
    Json rows = Json::array();
    for (Eigen::Index k = 0; k < m.rows(); ++k) {
        Json row = Json::array();
        for (Eigen::Index i = 0; i < m.cols(); ++i) row.push_back(m(k, i));
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string csvOf(const TrajectoryComparison& c, const std::vector<std::string>& names) {
    std::string out = "t";
    for (const auto& n : names) out += ",true_" + n;
    for (const auto& n : names) out += ",learned_" + n;
    out += ",energy_true,energy_learned,energy_learned_trueH\n";
    char buf[64];
    const Eigen::Index rows = c.truth.states.rows();
    for (Eigen::Index k = 0; k < rows; ++k) {
        std::snprintf(buf, sizeof buf, "%.10g", c.truth.t[static_cast<size_t>(k)]);
        out += buf;
        const bool haveLearned = k < c.learned.states.rows();
        for (Eigen::Index i = 0; i < c.truth.states.cols(); ++i) {
            std::snprintf(buf, sizeof buf, ",%.17g", c.truth.states(k, i));
            out += buf;
        }
        for (Eigen::Index i = 0; i < c.truth.states.cols(); ++i) {
            if (haveLearned) std::snprintf(buf, sizeof buf, ",%.17g", c.learned.states(k, i));
            else std::snprintf(buf, sizeof buf, ",nan");
            out += buf;
        }
        std::snprintf(buf, sizeof buf, ",%.17g", c.energyTrue(k));
        out += buf;
        if (haveLearned) std::snprintf(buf, sizeof buf, ",%.17g,%.17g\n", c.energyLearned(k), c.energyLearnedTrueH(k));
        else std::snprintf(buf, sizeof buf, ",nan,nan\n");
        out += buf;
    }
    return out;
}

} // namespace

int runTrajectory(const Args& args) {
    const text::CommandLine cl(args, {{"model"}, {"x0"}, {"t-end"}, {"samples"}, {"csv"}, {"json", false}, {"rtol"}, {"atol"},
                                      {"integrator"}, {"dt"}});
    const std::string path = cl.required("model");
    const std::string x0text = cl.required("x0");
    if (!cl.has("t-end")) throw SettingsError("t-end", "is required");
    const double tEnd = cl.number("t-end", 0.0);
    if (!(tEnd > 0.0) || tEnd > 1e7) throw SettingsError("t-end", "must be a time in (0, 1e7]");
    const int samples = static_cast<int>(cl.integer("samples", 1001, 2, 10'000'000));
    IntegratorSettings integ;
    integ.relTol = cl.number("rtol", integ.relTol);
    integ.absTol = cl.number("atol", integ.absTol);
    if (!(integ.relTol > 0 && integ.relTol < 1)) throw SettingsError("rtol", "must lie in (0, 1)");
    if (!(integ.absTol > 0 && integ.absTol < 1)) throw SettingsError("atol", "must lie in (0, 1)");
    if (cl.has("integrator")) integ.method = parseIntegrator(cl.value("integrator"));
    if (cl.has("dt")) {
        if (integ.method == Integrator::Dopri5) throw SettingsError("dt", "only applies with --integrator symplectic-euler or midpoint");
        integ.dt = cl.number("dt", integ.dt);
        if (!(integ.dt > 0) || integ.dt > tEnd) throw SettingsError("dt", "must be a step in (0, t-end]");
    }
    if (cl.has("csv") && cl.value("csv").empty()) throw SettingsError("csv", "needs a file name");

    const io::ModelFile f = io::loadModel(path);
    const auto sys = systemFor(f.settings);
    std::vector<double> x0v;
    for (const auto& v : text::splitList(x0text)) {
        try {
            x0v.push_back(text::parseNumber(v));
        } catch (const std::invalid_argument& e) {
            throw SettingsError("x0", e.what());
        }
    }
    if (static_cast<int>(x0v.size()) != sys->dim())
        throw SettingsError("x0", "needs " + std::to_string(sys->dim()) + " values (" + std::to_string(sys->dof()) +
                                      " q then " + std::to_string(sys->dof()) + " p), got " + std::to_string(x0v.size()));
    const Eigen::VectorXd x0 = Eigen::Map<const Eigen::VectorXd>(x0v.data(), static_cast<Eigen::Index>(x0v.size()));
    RunControl control = stderrProgress("trajectory");
    const TrajectoryComparison c = compareTrajectories(*sys, f.model, x0, tEnd, samples, integ, &control);
    clearProgressLine();

    if (cl.has("csv")) io::writeFileAtomically(cl.value("csv"), csvOf(c, sys->coordinateNames()));
    if (cl.has("json")) {
        Json j;
        j["model"] = path;
        j["integrator"] = c.integrator;
        j["x0"] = x0v;
        j["t"] = c.truth.t;
        j["true"] = matrixRows(c.truth.states);
        j["learned"] = matrixRows(c.learned.states);
        j["energy_true"] = std::vector<double>(c.energyTrue.data(), c.energyTrue.data() + c.energyTrue.size());
        j["energy_learned"] =
            std::vector<double>(c.energyLearned.data(), c.energyLearned.data() + c.energyLearned.size());
        j["energy_learned_trueH"] =
            std::vector<double>(c.energyLearnedTrueH.data(), c.energyLearnedTrueH.data() + c.energyLearnedTrueH.size());
        j["learned_diverged"] = c.learned.diverged;
        if (c.learned.diverged) j["learned_diverged_at"] = c.learned.divergedAt;
        std::printf("%s\n", j.dump().c_str());
    } else {
        const Eigen::Index n = std::min(c.truth.states.rows(), c.learned.states.rows());
        const double maxDiff = n ? (c.truth.states.topRows(n) - c.learned.states.topRows(n)).rowwise().norm().maxCoeff() : 0.0;
        const double driftTrue = (c.energyTrue.array() - c.energyTrue(0)).abs().maxCoeff();
        std::printf("integrator        %s\n", c.integrator.c_str());
        std::printf("samples           %d over t in [0, %s]\n", samples, text::formatNumber(tEnd).c_str());
        std::printf("max |x_true - x_learned|   %.3e\n", maxDiff);
        std::printf("max |H(t) - H(0)| true     %.3e\n", driftTrue);
        if (c.energyLearned.size())
            std::printf("max |Ĥ(t) - Ĥ(0)| learned  %.3e\n", (c.energyLearned.array() - c.energyLearned(0)).abs().maxCoeff());
        if (c.learned.diverged) std::printf("learned flow diverged at t = %.4g\n", c.learned.divergedAt);
    }
    return 0;
}

} // namespace shnn::cli
