// Linked into every test program that calls the engine in-process: it starts on the same
// OpenBLAS kernels as shnn and shnn-studio (core/fit/blas_kernels.h), before QTest's main().
// Static initialisers of the program run after the libraries' own, so OpenBLAS has chosen.
#include "core/fit/blas_kernels.h"

namespace {
const bool kernelsChecked = (shnn::blas::restartWithKernelsForThisCpu(), true);
}
