#include "hidden_layer.h"

#include "../errors.h"

namespace shnn {

std::vector<Sampler> allSamplers() { return {Sampler::Elm, Sampler::USwim, Sampler::ASwim, Sampler::Swim}; }

std::string samplerName(Sampler s) {
    switch (s) {
    case Sampler::Elm: return "elm";
    case Sampler::USwim: return "uswim";
    case Sampler::ASwim: return "aswim";
    case Sampler::Swim: return "swim";
    }
    return "?";
}

std::string samplerTitle(Sampler s) {
    switch (s) {
    case Sampler::Elm: return "ELM";
    case Sampler::USwim: return "U-SWIM";
    case Sampler::ASwim: return "A-SWIM";
    case Sampler::Swim: return "SWIM";
    }
    return "?";
}

std::string samplerDescription(Sampler s) {
    switch (s) {
    case Sampler::Elm:
        return "ELM: random Gaussian weights and uniform biases, blind to the data; needs only derivatives.";
    case Sampler::USwim:
        return "U-SWIM: neurons between uniformly chosen pairs of training states; needs only states and derivatives.";
    case Sampler::ASwim:
        return "A-SWIM: U-SWIM fit first, then neurons resampled where that fit is steep; no true H needed.";
    case Sampler::Swim:
        return "SWIM: neurons between pairs chosen where the true H is steep; needs true H at the training states.";
    }
    return "";
}

bool samplerNeedsTrueH(Sampler s) { return s == Sampler::Swim; }

Sampler parseSampler(const std::string& name) {
    for (Sampler s : allSamplers())
        if (name == samplerName(s)) return s;
    throw SettingsError("sampler", "unknown sampler '" + name + "' (known: elm, uswim, aswim, swim)");
}

} // namespace shnn
