#include "progress.h"

namespace shnn {

const char* stageName(Stage s) {
    switch (s) {
    case Stage::Sampling: return "sampling";
    case Stage::Assembling: return "assembling";
    case Stage::Solving: return "solving";
    case Stage::Evaluating: return "evaluating";
    case Stage::Integrating: return "integrating";
    }
    return "?";
}

} // namespace shnn
