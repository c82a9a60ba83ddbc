// Helper of test_atomic_save: saves two different large models to one path, alternately, as
// fast as it can, until killed. Prints "ready" once the first save is done. With a third
// argument "once" it saves one version and exits.
#include "core/io/model_file.h"

#include <cstdio>
#include <string>
#include <random>

int main(int argc, char** argv) {
    const bool once = argc == 4 && std::string(argv[3]) == "once";
    if (argc != 3 && !once) {
        std::fprintf(stderr, "usage: save_stress FILE WIDTH [once]\n");
        return 2;
    }
    using namespace shnn;
    TrainingSettings s;
    s.system = "henon_heiles";
    s.sampler = Sampler::Elm;
    s.width = std::atoi(argv[2]);
    s.train = 1000;
    s.test = 100;
    TrainingResult r;
    r.settings = resolveSettings(s);
    std::mt19937_64 rng(1);
    std::normal_distribution<double> n;
    r.model.W.resize(s.width, 4);
    r.model.b.resize(s.width);
    r.model.c.resize(s.width);
    for (Eigen::Index k = 0; k < r.model.W.size(); ++k) r.model.W.data()[k] = n(rng);
    for (Eigen::Index k = 0; k < s.width; ++k) {
        r.model.b(k) = n(rng);
        r.model.c(k) = n(rng);
    }
    for (long round = 0;; ++round) {
        r.model.c0 = static_cast<double>(round % 2);  // which of the two versions this is
        io::saveModel(argv[1], r);
        if (once) return 0;
        if (round == 0) {
            std::puts("ready");
            std::fflush(stdout);
        }
    }
}
