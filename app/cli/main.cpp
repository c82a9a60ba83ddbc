// shnn — the S-HNN command-line tool. See README.md ("Command line") for the contract.
#include "cli_common.h"
#include "commands.h"
#include "core/errors.h"
#include "core/fit/blas_kernels.h"

#include <cstdio>
#include <cstring>
#include <exception>
#include <new>

namespace {

const char* kUsage =
    "usage:\n"
    "  shnn --version\n"
    "  shnn systems [--json]\n"
    "  shnn fit --system NAME [--param NAME=VALUE]... [--domain LO:HI[,LO:HI]...]\n"
    "           (or --system formula --H 'EXPR' [--param NAME=VALUE]... [--dof d])\n"
    "           [--sampler elm|uswim|aswim|swim] [--width M] [--train N] [--test N]\n"
    "           [--seed S] [--rcond R] [--solver qr|qr-svd|qr-nocut|svd] [--save FILE] [--json]\n"
    "  shnn eval --model FILE [--test N] [--seed S] [--json]\n"
    "  shnn trajectory --model FILE --x0 V[,V...] --t-end T [--samples K] [--csv FILE] [--json]\n"
    "                  [--integrator dopri5|symplectic-euler|midpoint] [--dt DT]\n"
    "  shnn sweep --system NAME [fit options] --samplers LIST (--widths LIST | --trains LIST |\n"
    "             --vary NAME --values LIST) [--repeat R] [--csv FILE]\n"
    "           NAME: width, train, test, rcond, noise, traj-dt, traj-points, anchor-h, h or a system parameter\n"
    "  shnn sweep ... --slurm DIR [--partition P] [--time HH:MM:SS] [--cpus-per-task C] [--mem SIZE]\n"
    "             [--fits-per-task K] [--submit]          (a Slurm job array: docs/cluster.md)\n"
    "  shnn sweep --collect DIR [--csv FILE] [--resubmit-failed]\n"
    "  shnn bench [--case E2,E9,...] [--repeat R] [--samplers LIST] [--solver NAME] [--under-load] [--json]\n"
    "  shnn race [fit options] --samplers LIST --steps S [--lr LR] [--batch B] [--eval-every K] [--json]\n"
    "  shnn machine [--json]     (the CPU, threads and BLAS kernels a fit runs on)\n"
    "a sampled ODE-net fitted to the time derivatives instead of an HNN: shnn fit ... --model-kind mlp\n"
    "gradient training instead of sampling: shnn fit ... --optimizer adam --steps S [--lr LR] [--batch B]\n"
    "                  [--eval-every K]    (paper defaults: lr 5e-4, batch 2048)\n"
    "more fit options: --anchor V[,V...] --anchor-h H --data uniform|trajectories --traj-points K\n"
    "                  --traj-dt DT --derivatives field|finite-differences --noise SIGMA [--noise-relative]\n"
    "A-SWIM's first pass (default: an eighth of the fit's flops): --aswim-first-pass auto|full\n"
    "                  --aswim-first-width M1 --aswim-first-train N1\n"
    "snapshot pairs (paper 4.6): --data snapshots --h H [--fit-at start|symplectic-euler|midpoint] [--correct]\n"
    "measured data: shnn fit --data-file FILE.csv [--validation F] [--system NAME | --H EXPR] [fit options]\n"
    "               (columns traj,t,q1..qd,p1..pd or q1..pd,q1_next..pd_next,h; optional dq1..dpd)\n";

int fail(int status, const std::string& message) {
    shnn::cli::clearProgressLine();
    std::fprintf(stderr, "error: %s\n", message.c_str());
    return status;
}

} // namespace

int main(int argc, char** argv) {
    using namespace shnn;
    blas::restartWithKernelsForThisCpu();  // OpenBLAS's kernels for this CPU (core/fit/blas_kernels.h)
    if (argc < 2) {
        std::fputs(kUsage, stderr);
        return fail(2, "no command given");
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::printf("shnn %s\n", SHNN_VERSION);
        return 0;
    }
    if (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    const std::string command = argv[1];
    const cli::Args args(argv + 2, argv + argc);
    for (const auto& a : args)
        if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
    cli::installInterruptHandler();
    try {
        if (command == "systems") return cli::runSystems(args);
        if (command == "fit") return cli::runFit(args);
        if (command == "eval") return cli::runEval(args);
        if (command == "trajectory") return cli::runTrajectory(args);
        if (command == "sweep") return cli::runSweep(args);
        if (command == "bench") return cli::runBench(args);
        if (command == "race") return cli::runRace(args);
        if (command == "machine") return cli::runMachine(args);
        return fail(2, "unknown command '" + command + "' (try: shnn --help)");
    } catch (const SettingsError& e) {
        return fail(2, "--" + e.key() + ": " + e.reason());
    } catch (const FileError& e) {
        return fail(2, e.what());
    } catch (const Cancelled&) {
        return fail(130, "cancelled (Ctrl-C); no output written");
    } catch (const NumericalError& e) {
        // The engine names the problem; the advice is in this program's terms.
        const std::string m = e.what();
        return fail(1, m.find("ill-conditioned") != std::string::npos ? m + " (try --solver qr or a larger --rcond)" : m);
    } catch (const std::bad_alloc&) {
        return fail(1, "out of memory");
    } catch (const std::exception& e) {
        return fail(1, e.what());
    }
}
