// shnn bench: the reference rows of docs/experiments.md, each fit in its own child process (`shnn fit --json`)
// so that its peak resident memory is its own (wait4's ru_maxrss). Prints per case and
// sampler the median time per stage over the repeats, rel_l2_H and the peak RSS, then the
// time to evaluate a width-1000 model on a 200×200 grid (the studio's redraw).
// Speed is a ratio: the run first measures the DGEMM rate (core/fit/dgemm_rate.h) and reports
// each fit against the time its unavoidable least-squares flops take at that rate. A shared
// host's speed drifts during a long run, so the rate is also measured before every fit and
// each row is reported against the median of its own measurements too (of_now).
// --under-load starts one process that keeps a core busy for the whole run (a laptop is never
// quiet): compare with SHNN_THREADS=1 on the quiet machine.
#include "cli_common.h"
#include "commands.h"
#include "core/analysis/grid.h"
#include "core/analysis/statistics.h"
#include "core/analysis/sweep.h"
#include "core/errors.h"
#include "core/fit/blas_kernels.h"
#include "core/fit/dgemm_rate.h"
#include "core/parallel/thread_pool.h"
#include "core/sampling/samplers.h"
#include "core/systems/system.h"
#include "app/options/command_line.h"
#include "core/text/parse.h"
#include "core/train/experiments.h"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <memory>
#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace shnn::cli {

namespace {

struct ChildRun {
    Json fit;
    double peakRssMb = 0;
};

std::vector<std::string> fitArgs(const Experiment& e, Sampler s, const std::string& solver, std::uint64_t seed) {
    const auto sys = systemFor(e.settings);
    std::vector<std::string> a = {"fit", "--system", e.settings.system};
    for (const auto& [k, v] : e.settings.params) {
        a.push_back("--param");
        a.push_back(k + "=" + text::formatNumber(v));
    }
    a.push_back("--domain=" + formatDomain(e.settings.domain));
    for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
             {"--sampler", samplerName(s)},
             {"--width", std::to_string(e.settings.width)},
             {"--train", std::to_string(e.settings.train)},
             {"--test", std::to_string(e.settings.test)},
             {"--seed", std::to_string(seed)},
             {"--solver", solver}}) {
        a.push_back(flag);
        a.push_back(value);
    }
    a.push_back("--json");
    return a;
}

ChildRun runChild(const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) throw std::runtime_error("bench: cannot create a pipe");
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("bench: cannot start a child process");
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        std::vector<char*> argv;
        static char self[] = "/proc/self/exe";
        argv.push_back(self);
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv("/proc/self/exe", argv.data());
        _exit(127);
    }
    close(out[1]);
    std::string text;
    char buf[65536];
    ssize_t n;
    while ((n = read(out[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
    close(out[0]);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 130) throw Cancelled();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || cancelFlag().load()) {
        if (cancelFlag().load()) throw Cancelled();
        throw NumericalError("bench: a fit failed (" + args[2] + ", exit " + std::to_string(WEXITSTATUS(status)) + ")");
    }
    ChildRun r;
    r.fit = Json::parse(text);
    r.peakRssMb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in kB
    return r;
}

// One row's fits: per repeat (seed), the stage times, the error and the DGEMM rate just before.
struct Runs {
    std::vector<double> sample, assemble, solve, evaluate, total, error, rates;
    double peak = 0;
};

// One process that spins on one core until the bench ends (--under-load).
class Burner {
public:
    Burner() {
        pid_ = fork();
        if (pid_ == 0) {
            volatile double x = 1.0;
            for (;;) x = x * 1.0000001 + 1e-9;
        }
        if (pid_ < 0) throw std::runtime_error("bench: cannot start the load process");
    }
    ~Burner() {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    Burner(const Burner&) = delete;
    Burner& operator=(const Burner&) = delete;

private:
    pid_t pid_ = -1;
};

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// The pendulum typed as a formula against the built-in: the same E2 fit (U-SWIM, in this
// process, interleaved, medians) and the studio's redraw of a 200×200 grid (true H and Ĥ).
Json formulaAgainstBuiltIn(int repeat) {
    TrainingSettings b = experiment("E2").settings;
    b.sampler = Sampler::USwim;
    TrainingSettings f = b;
    f.system = "formula";
    f.formula = "p^2/2 + 1 - cos(q)";
    f.params.clear();
    std::vector<double> fitB, fitF, gridB, gridF;
    TrainingResult rb, rf;
    for (int k = 0; k < std::max(3, repeat); ++k) {
        auto t0 = Clock::now();
        rb = train(b);
        fitB.push_back(msSince(t0));
        t0 = Clock::now();
        rf = train(f);
        fitF.push_back(msSince(t0));
    }
    const GridSpec spec = GridSpec::over(rb.settings.domain, Slice::defaultFor(rb.settings.domain), 200, 200);
    for (int k = 0; k < std::max(5, repeat * 5); ++k) {
        auto t0 = Clock::now();
        evaluateGrid(*rb.system, &rb.model, spec);
        gridB.push_back(msSince(t0));
        t0 = Clock::now();
        evaluateGrid(*rf.system, &rf.model, spec);
        gridF.push_back(msSince(t0));
    }
    return {{"fit_ms", {{"builtin", median(fitB)}, {"formula", median(fitF)}, {"ratio", median(fitF) / median(fitB)}}},
            {"grid_200x200_ms", {{"builtin", median(gridB)}, {"formula", median(gridF)}, {"ratio", median(gridF) / median(gridB)}}},
            {"rel_l2_H", {{"builtin", rb.test.relL2H}, {"formula", rf.test.relL2H}}}};
}

// Median time to evaluate Ĥ and ∇Ĥ of a width-1000 pendulum model on a 200×200 grid.
double gridEvaluationMs(int repeat) {
    TrainingSettings s;
    s.system = "single_pendulum";
    s.sampler = Sampler::USwim;
    s.width = 1000;
    s.train = 2000;
    s.test = 100;
    const TrainingResult r = train(s);
    const GridSpec spec = GridSpec::over(r.settings.domain, Slice::defaultFor(r.settings.domain), 200, 200);
    std::vector<double> ms;
    Eigen::MatrixXd H, G;
    for (int k = 0; k < std::max(5, repeat); ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        evaluateModelOnGrid(r.model, spec, H, &G);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    return median(ms);
}

} // namespace

int runBench(const Args& args) {
    const text::CommandLine cl(args, {{"case"}, {"repeat"}, {"samplers"}, {"solver"}, {"json", false}, {"under-load", false}});
    std::vector<const Experiment*> cases;
    if (cl.has("case")) {
        for (const auto& id : text::splitList(cl.value("case"))) cases.push_back(&experiment(id));
        if (cases.empty()) throw SettingsError("case", "needs at least one of E1 … E9");
    } else {
        for (const auto& e : experiments()) cases.push_back(&e);
    }
    const int repeat = static_cast<int>(cl.integer("repeat", 1, 1, 100));
    const std::vector<Sampler> samplers = cl.has("samplers") ? parseSamplerList(cl.value("samplers")) : allSamplers();
    const std::string solver = cl.value("solver", "qr");
    parseSolver(solver);
    const bool json = cl.has("json");
    std::unique_ptr<Burner> burner;
    if (cl.has("under-load")) burner = std::make_unique<Burner>();
    std::fprintf(stderr, "[bench] measuring the DGEMM rate ...");
    const double gflops = dgemmGflops();
    std::fprintf(stderr, "\r%60s\r", "");
    if (!json)
        std::printf("DGEMM %.1f GFLOP/s on %d thread(s)%s; limit = (2NM^2 + (2/3)DM^3 flops) at that rate, "
                    "of_limit = limit / total\n",
                    gflops, parallel::threadCount(), burner ? ", one core kept busy by another process" : "");
    const std::string kernels = blas::currentCore(), chosen = blas::coreChosenBeforeRestart();
    if (!json && !kernels.empty())
        std::printf("OpenBLAS kernels %s%s\n", kernels.c_str(),
                    chosen.empty() ? "" : (" (OpenBLAS chose " + chosen + ", without AVX2: see shnn machine)").c_str());

    Json rows = Json::array();
    std::vector<std::string> timeRatios;  // "E2 A-SWIM 1.18": the medians of the paired ratios
    if (!json)
        std::printf("%-4s %-7s %6s %6s %8s %8s %8s %8s %8s %8s %8s %9s %6s %10s %10s %8s\n", "case", "sampler", "width",
                    "train", "sample", "assemble", "solve", "evaluate", "total", "limit", "of_limit", "dgemm_now", "of_now",
                    "rel_l2_H", "published", "peak_MB");
    for (const Experiment* e : cases) {
        // The samplers' fits interleaved, seed by seed (U-SWIM, A-SWIM, SWIM with seed 0, then
        // with seed 1, …): on a shared host whose speed drifts over seconds, the samplers of a
        // row then see the same drift, and the time ratios of a seed's fits, run back to back,
        // compare them (time_vs_uswim) better than medians taken minutes apart.
        std::vector<Runs> runs(samplers.size());
        for (int r = 0; r < repeat; ++r) {
            for (size_t k = 0; k < samplers.size(); ++k) {
                std::fprintf(stderr, "\r[bench] %s %s run %d/%d   ", e->id.c_str(), samplerTitle(samplers[k]).c_str(), r + 1,
                             repeat);
                Runs& x = runs[k];
                x.rates.push_back(dgemmGflops(2000, 2));  // the yardstick just before this fit
                const ChildRun run = runChild(fitArgs(*e, samplers[k], solver, static_cast<std::uint64_t>(r)));
                const Json& sec = run.fit["seconds"];
                x.sample.push_back(sec["sample"].get<double>());
                x.assemble.push_back(sec["assemble"].get<double>());
                x.solve.push_back(sec["solve"].get<double>());
                x.evaluate.push_back(sec["evaluate"].get<double>());
                x.total.push_back(sec["total"].get<double>());
                x.error.push_back(run.fit["rel_l2_H"].get<double>());
                x.peak = std::max(x.peak, run.peakRssMb);
            }
        }
        std::fprintf(stderr, "\r%60s\r", "");
        const auto uswim = std::find(samplers.begin(), samplers.end(), Sampler::USwim);
        for (size_t k = 0; k < samplers.size(); ++k) {
            const Sampler s = samplers[k];
            const auto& [sample, assemble, solve, evaluate, total, error, rates, peak] = runs[k];
            const int dim = systemFor(e->settings)->dim();
            const double limit = fitLimitSeconds(e->settings.train, e->settings.width, dim, gflops);
            const double rateNow = median(rates);
            const double limitNow = fitLimitSeconds(e->settings.train, e->settings.width, dim, rateNow);
            Json row = {{"case", e->id},
                        {"sampler", samplerName(s)},
                        {"width", e->settings.width},
                        {"train", e->settings.train},
                        {"repeat", repeat},
                        {"solver", solver},
                        {"seconds",
                         {{"sample", median(sample)},
                          {"assemble", median(assemble)},
                          {"solve", median(solve)},
                          {"evaluate", median(evaluate)},
                          {"total", median(total)}}},
                        {"rel_l2_H", median(error)},
                        {"published_rel_l2_H", e->publishedFor(s)},
                        {"peak_rss_mb", peak},
                        {"limit_seconds", limit},
                        {"fraction_of_limit", limit / median(total)},
                        {"dgemm_gflops_case", rateNow},
                        {"fraction_of_limit_case", limitNow / median(total)}};
            if (uswim != samplers.end() && s != Sampler::USwim) {
                const std::vector<double>& base = runs[static_cast<size_t>(uswim - samplers.begin())].total;
                std::vector<double> ratios;
                for (size_t r = 0; r < total.size(); ++r) ratios.push_back(total[r] / base[r]);
                row["time_vs_uswim"] = median(ratios);
                char ratio[32];
                std::snprintf(ratio, sizeof ratio, "%.2fx", median(ratios));
                timeRatios.push_back(e->id + " " + samplerTitle(s) + " " + ratio);
            }
            rows.push_back(row);
            if (!json) {
                std::printf("%-4s %-7s %6lld %6lld %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %8.2f %9.1f %6.2f %10.2e %10.1e %8.0f\n",
                            e->id.c_str(), samplerTitle(s).c_str(), static_cast<long long>(e->settings.width),
                            static_cast<long long>(e->settings.train), median(sample), median(assemble), median(solve),
                            median(evaluate), median(total), limit, limit / median(total), rateNow,
                            limitNow / median(total), median(error), e->publishedFor(s), peak);
                std::fflush(stdout);
            }
        }
    }
    // The yardstick again: a host busy for a second while it was measured makes every
    // fraction above too high (seen once in about ten runs on a shared machine). Both are shown.
    std::fprintf(stderr, "[bench] measuring the DGEMM rate again ...");
    const double gflopsAfter = dgemmGflops();
    std::fprintf(stderr, "\r%60s\r", "");
    const double drift = gflopsAfter / gflops - 1.0;
    const double gridMs = gridEvaluationMs(repeat * 5);
    const Json formula = formulaAgainstBuiltIn(repeat);
    if (json) {
        std::printf("%s\n", Json{{"dgemm_gflops", gflops},
                                 {"dgemm_gflops_after", gflopsAfter},
                                 {"threads", parallel::threadCount()},
                                 {"blas_kernels", kernels},
                                 {"blas_kernels_chosen_by_openblas", chosen.empty() ? Json(nullptr) : Json(chosen)},
                                 {"under_load", burner != nullptr},
                                 {"cases", rows},
                                 {"grid_eval_200x200_width1000_ms", gridMs},
                                 {"formula_vs_builtin", formula}}
                                .dump(2)
                                .c_str());
    } else {
        std::printf("\nmedians over %d repeat(s) with seeds 0..%d; times in seconds, peak_MB = peak resident memory of the fit's process\n",
                    repeat, repeat - 1);
        std::printf("dgemm_now, of_now: the median DGEMM rate measured just before each of the row's fits, and the "
                    "fraction against it\n");
        if (!timeRatios.empty()) {
            std::printf("time against U-SWIM (the samplers' fits interleaved; median over seeds of the ratio of the same "
                        "seed's fits):");
            for (const std::string& t : timeRatios) std::printf("  %s", t.c_str());
            std::printf("\n");
        }
        std::printf("DGEMM after the cases: %.1f GFLOP/s (%+.0f%%; of_limit uses the first measurement)%s\n",
                    gflopsAfter, 100.0 * drift,
                    std::abs(drift) > 0.15 ? " - the machine's speed changed during the run: compare with care" : "");
        std::printf("grid evaluation (H and grad H on 200x200 states, width 1000): %.1f ms\n", gridMs);
        std::printf("pendulum typed as a formula vs built-in: E2 U-SWIM fit %.0f vs %.0f ms (%.2fx), 200x200 redraw "
                    "%.1f vs %.1f ms (%.2fx), rel_l2_H %.4e vs %.4e\n",
                    formula["fit_ms"]["formula"].get<double>(), formula["fit_ms"]["builtin"].get<double>(),
                    formula["fit_ms"]["ratio"].get<double>(), formula["grid_200x200_ms"]["formula"].get<double>(),
                    formula["grid_200x200_ms"]["builtin"].get<double>(), formula["grid_200x200_ms"]["ratio"].get<double>(),
                    formula["rel_l2_H"]["formula"].get<double>(), formula["rel_l2_H"]["builtin"].get<double>());
    }
    return 0;
}

} // namespace shnn::cli
