#pragma once
// The engine's one pool of threads. Every parallel loop of the engine goes through
// parallelFor; OpenBLAS is kept single-threaded and called from inside the tasks.
//
// Why not OpenMP plus threaded OpenBLAS: both spin while they wait for each other at every
// small synchronisation point, and when another process holds a core those spins turn into
// lost time slices — a 0.5 s fit took 30 s beside a compile. Here, waiting threads sleep on a
// condition variable, and work is split into many more tasks than threads and claimed one at
// a time, so a thread that the machine slows down simply claims fewer tasks.
//
// Several callers may run loops at once (the studio's trainer and a grid redraw): each loop
// is a job; idle workers help whichever job has tasks left, and the caller always works on
// its own job, so no loop waits for another to finish. A parallelFor inside a task runs
// serially on the calling thread.
#include <cstdint>
#include <functional>

namespace shnn::parallel {

// Threads that work on one loop, the caller included: SHNN_THREADS if set (1…256), else the
// cores this process may run on.
// The first call (of this or parallelFor) starts the pool and switches OpenBLAS to one thread;
// code that calls the BLAS outside parallelFor calls this first.
int threadCount();

// Runs body(task, slot) for every task in [0, tasks). `slot` in [0, threadCount()) is unique
// among the threads running tasks of this loop at the same time (scratch memory per slot).
// Returns when every task has run. If a task throws, the remaining unclaimed tasks are
// skipped and the first exception is rethrown here.
void parallelFor(std::int64_t tasks, const std::function<void(std::int64_t task, int slot)>& body);

// Splits [0, n) into about `perThread` × threadCount() pieces of at least `minPiece`
// elements; returns the number of pieces. Piece k is [pieceBegin(n, pieces, k), pieceBegin(n, pieces, k + 1)).
std::int64_t pieceCount(std::int64_t n, std::int64_t minPiece, int perThread = 4);
inline std::int64_t pieceBegin(std::int64_t n, std::int64_t pieces, std::int64_t k) { return n * k / pieces; }

} // namespace shnn::parallel
