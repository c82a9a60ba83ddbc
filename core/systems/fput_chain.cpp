// The Fermi–Pasta–Ulam–Tsingou α-chain: n unit masses between fixed walls,
//   H = Σ_{i=1..n} p_i²/2 + Σ_{i=0..n} [ (q_{i+1} − q_i)²/2 + α (q_{i+1} − q_i)³/3 ],  q_0 = q_{n+1} = 0,
// so with the bond stretch r_i = q_{i+1} − q_i and force f(r) = r + α r²,
//   ∂H/∂q_i = f(r_{i−1}) − f(r_i),  ∂H/∂p_i = p_i.
// Parameters: n (masses, 1…64, default 4: the dimension grows with it) and α (default 0.25).
#include "../errors.h"
#include "../text/parse.h"
#include "system.h"

#include <cmath>

namespace shnn {
namespace {

class FputChain final : public HamiltonianSystem {
    // Parameter indices, in the constructor's order (paramAt: no lookup by name per state).
    enum { kN, kAlpha };

public:
    FputChain() : HamiltonianSystem({{"n", 4.0, "number of masses (1 to 64)"}, {"alpha", 0.25, "strength of the cubic term"}}) {}
    std::string name() const override { return "fput_chain"; }
    std::string title() const override { return "FPUT α-chain"; }
    std::string formula() const override {
        // The formula for the current n, with the walls as zeros.
        const int n = masses();
        std::string h;
        for (int i = 1; i <= n; ++i) h += (i > 1 ? " + " : "") + std::string("p") + std::to_string(i) + "^2/2";
        for (int i = 0; i <= n; ++i) {
            const std::string a = i == 0 ? "0" : "q" + std::to_string(i);
            const std::string b = i == n ? "0" : "q" + std::to_string(i + 1);
            const std::string r = "(" + b + " - " + a + ")";
            h += " + " + r + "^2/2 + alpha*" + r + "^3/3";
        }
        return h;
    }
    int dof() const override { return masses(); }
    // The lowest normal mode, slightly excited.
    std::vector<double> exampleState() const override {
        const int n = masses();
        std::vector<double> x(static_cast<size_t>(2 * n), 0.0);
        for (int i = 0; i < n; ++i) x[static_cast<size_t>(i)] = 0.4 * std::sin(M_PI * (i + 1) / (n + 1));
        return x;
    }
    double exampleDuration() const override { return 30.0; }
    Domain defaultDomain() const override {
        Domain d;
        for (int i = 0; i < 2 * masses(); ++i) d.intervals.push_back({-1.0, 1.0});
        return d;
    }
    void validateParams() const override {
        requireFinite();
        const double n = paramAt(kN);
        if (n != std::floor(n) || n < 1 || n > 64)
            throw SettingsError("param", "n must be a whole number of masses from 1 to 64, got " + text::formatNumber(n));
    }
    double H(const double* x) const override {
        const int n = masses();
        const double a = paramAt(kAlpha);
        double h = 0;
        for (int i = 0; i < n; ++i) h += 0.5 * x[n + i] * x[n + i];
        for (int i = 0; i <= n; ++i) {
            const double r = stretch(x, i, n);
            h += 0.5 * r * r + a * r * r * r / 3.0;
        }
        return h;
    }
    void gradH(const double* x, double* out) const override {
        const int n = masses();
        const double a = paramAt(kAlpha);
        auto force = [a](double r) { return r + a * r * r; };
        for (int i = 0; i < n; ++i) {
            out[i] = force(stretch(x, i, n)) - force(stretch(x, i + 1, n));
            out[n + i] = x[n + i];
        }
    }

private:
    int masses() const { return static_cast<int>(paramAt(kN)); }
    // r_i = q_{i+1} − q_i with the walls q_0 = q_{n+1} = 0 (array index i−1 holds q_i).
    static double stretch(const double* x, int i, int n) {
        const double left = i == 0 ? 0.0 : x[i - 1];
        const double right = i == n ? 0.0 : x[i];
        return right - left;
    }
};

} // namespace

std::unique_ptr<HamiltonianSystem> makeFputChain() { return std::make_unique<FputChain>(); }

} // namespace shnn
