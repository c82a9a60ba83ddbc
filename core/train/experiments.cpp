#include "experiments.h"

#include "../errors.h"

#include <cmath>

namespace shnn {

namespace {

Experiment row(const char* id, const char* what, const char* system, std::map<std::string, double> params,
               Domain domain, std::int64_t train, std::int64_t test, std::int64_t width, std::array<double, 4> published,
               double refSeconds) {
    Experiment e;
    e.id = id;
    e.description = what;
    e.settings.system = system;
    e.settings.params = std::move(params);
    e.settings.domain = std::move(domain);
    e.settings.train = train;
    e.settings.test = test;
    e.settings.width = width;
    e.published = published;
    e.referenceSecondsUSwim = refSeconds;
    return e;
}

Domain box(std::initializer_list<Interval> iv) { return Domain{std::vector<Interval>(iv)}; }

} // namespace

const std::vector<Experiment>& experiments() {
    static const std::vector<Experiment> all = [] {
        const double pi = M_PI;
        std::vector<Experiment> v;
        v.push_back(row("E1", "pendulum, narrow momentum range, width 500", "single_pendulum", {},
                        box({{-2 * pi, 2 * pi}, {-1, 1}}), 10000, 10000, 500, {1.7e-8, 4.2e-9, 2.4e-9, 2.4e-9}, 0.84));
        v.push_back(row("E2", "pendulum, narrow momentum range, width 1000", "single_pendulum", {},
                        box({{-2 * pi, 2 * pi}, {-1, 1}}), 10000, 10000, 1000, {1.5e-11, 8.7e-10, 3.6e-10, 3.6e-10}, 1.8));
        v.push_back(row("E3", "pendulum, wide momentum range, width 500", "single_pendulum", {},
                        box({{-2 * pi, 2 * pi}, {-6, 6}}), 10000, 10000, 500, {2.4e-5, 5.8e-9, 1.3e-8, 1.3e-8}, 0.86));
        v.push_back(row("E4", "pendulum, wide momentum range, width 1000", "single_pendulum", {},
                        box({{-2 * pi, 2 * pi}, {-6, 6}}), 10000, 10000, 1000, {9.8e-8, 6.9e-10, 1.6e-9, 1.6e-9}, 1.8));
        v.push_back(row("E5", "Lotka–Volterra, width 1000", "lotka_volterra", {}, box({{-2, 2}, {-2, 2}}), 10000, 10000,
                        1000, {3.0e-12, 3.5e-10, 1.5e-10, 1.5e-10}, 1.8));
        v.push_back(row("E6", "steep pendulum (f = 20), width 1500", "single_pendulum", {{"f", 20.0}},
                        box({{-pi, pi}, {-0.5, 0.5}}), 20000, 10000, 1500, {8.7e-3, 1.6e-2, 5.2e-4, 3.9e-4}, 5.2));
        v.push_back(row("E7", "double pendulum, width 1000", "double_pendulum", {},
                        box({{-pi, pi}, {-pi, pi}, {-1, 1}, {-1, 1}}), 20000, 20000, 1000,
                        {3.1e-2, 2.1e-2, 2.1e-2, 2.1e-2}, 5.5));
        v.push_back(row("E8", "double pendulum, width 5000", "double_pendulum", {},
                        box({{-pi, pi}, {-pi, pi}, {-1, 1}, {-1, 1}}), 20000, 20000, 5000,
                        {5.7e-3, 5.0e-3, 4.1e-3, 4.2e-3}, 40));
        v.push_back(row("E9", "Hénon–Heiles, width 5000", "henon_heiles", {}, box({{-5, 5}, {-5, 5}, {-5, 5}, {-5, 5}}),
                        20000, 20000, 5000, {2.1e-2, 8.2e-8, 6.8e-8, 6.8e-8}, 42));
        return v;
    }();
    return all;
}

const Experiment& experiment(const std::string& id) {
    for (const auto& e : experiments())
        if (e.id == id) return e;
    throw SettingsError("case", "unknown experiment '" + id + "' (known: E1 … E9)");
}

} // namespace shnn
