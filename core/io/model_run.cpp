#include "model_run.h"

#include "../systems/system.h"

namespace shnn::io {

TrainingResult runFromModelFile(const ModelFile& file, const std::string& path, const RunControl* control) {
    TrainingResult r;
    r.settings = file.settings;
    checkMemory(r.settings);
    r.model = file.model;
    r.layer.W = file.model.W;
    r.layer.b = file.model.b;
    r.openedFrom = path;
    r.system = systemFor(r.settings);
    const HamiltonianSystem* sys = r.system.get();
    r.train = makeTrainingData(*sys, r.settings, control);
    const Dataset test = makeTestData(*sys, r.settings.domain, r.settings.test, r.settings.seed, control);
    r.test = measureErrors(r.model, test, control);
    r.trainError = measureErrors(r.model, r.train, control);
    return r;
}

} // namespace shnn::io
