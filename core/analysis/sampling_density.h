#pragma once
// Where the sampler put its neurons, on a 2-D slice:
//  - SWIM-type layers: a histogram of the endpoints x_a, x_b of every neuron's pair, projected
//    on the slice's two coordinates. U-SWIM's endpoints are uniform over the data; SWIM's
//    concentrate where |ΔH|/‖Δx‖ is large (steep H), A-SWIM's where the first-pass Ĥ is steep.
//    The histogram is smoothed with a one-cell Gaussian (it is mostly shot noise otherwise).
//  - ELM (no pairs): per cell, how many neurons are in their steep part there,
//    |w·x + b| < ½ ln 3 (|tanh| < ½), evaluated on the slice.
// Values are normalised to a mean of 1 over the cells, so 1 means "as dense as average".
#include "../sampling/hidden_layer.h"
#include "grid.h"

#include <Eigen/Core>

namespace shnn {

struct DensityGrid {
    GridSpec spec;              // cell centres
    Eigen::MatrixXd density;    // nx × ny, mean 1
    bool fromPairs = false;     // endpoint histogram (true) or steep-neuron count (false)
};

DensityGrid samplingDensity(const HiddenLayer& layer, const Eigen::MatrixXd& trainStates, const GridSpec& spec);

// Coefficient of variation (std / mean) of the density: small for uniform endpoints (shot
// noise only), larger when the sampler concentrates neurons.
double densityVariation(const DensityGrid& d);

} // namespace shnn
