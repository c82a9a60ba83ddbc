#pragma once
// Householder QR of an upper triangle R with row blocks stacked below it, streamed:
//     [R; B₀; B₁; …] = Q [R'; 0],   R ← R'   (n columns; R n×n upper triangular)
// with the work of every block, and the filling of the blocks themselves, spread over the
// engine's thread pool as one graph of tasks (a tile QR with a flat tree).
//
// Each block is factored as LAPACK's dtpqrt does, nb columns at a time. For block c and
// column block i (columns [i·nb, i·nb + ib)):
//   F(c,i)    factor the panel [R(i,i); B_c(:, i)] = Q_ci [R_ii; 0]: V below in B_c, the
//             ib×ib triangular T with Q_ci = I − V T Vᵀ (recursively by halves, Elmroth and
//             Gustavson: mostly matrix products)
//   U(c,i,j)  apply Q_ciᵀ to column block j > i of [R(i, j); B_c(:, j)] (LAPACK dtprfb's
//             update, block_reflector.h, with V taken as rectangular:
//             W = R(i,j) + VᵀB_c(:,j);  W ← TᵀW;  R(i,j) −= W;  B_c(:,j) −= V W);
//             one task applies it to a group of column blocks (one packing of V for all)
//   fill(c,j) write column block j of B_c (the caller's code: tanh features, targets, …)
// and the order between them is only what the data needs:
//   F(c,i)   after U(c,i−1,i) (or fill(c,0)) and F(c−1,i)   (R(i,i) as block c−1 left it)
//   U(c,i,j) after F(c,i), U(c,i−1,j) (or fill(c,j)) and U(c−1,i,j)
// so block c+1 starts while block c's last, narrow steps run, the next block's filling
// overlaps the factorisation, and no thread waits for a single-threaded panel (the panels
// take priority; they are the critical path). One buffer of `maxRows` rows holds the
// blocks, column block by column block: block c+1 fills column block j once block c no
// longer needs it,
//   fill(c+1,j) after F(c,j) and every U(c,j,·)   (the last tasks that read B_c(:, j))
// so block c+1 trails block c by about a panel, as the dependencies on R would have it
// anyway, in half the memory of a second buffer (fresh memory costs a page fault per 4 KB,
// about 3 µs each on a virtual machine, and as much again to give it back).
//
// The first block, when R starts as zero and the block has m ≥ n rows, is a plain QR of the
// block in the buffer: [0; B₀] would spend 2·m·n² flops where B₀ = Q R needs 2·m·n² − (2/3)·n³
// (E2: 0.67 of 20 GFLOP), because each of its reflectors carries a row of R's zeros. Its
// panel i is rows [i·nb, m) of column block i, split into the ib×ib square on top and the
// rows below: the square is factored alone (LAPACK dgeqrt3: R₁, V₁ in its strictly lower
// part, T₁), then [R₁; rows below] as every other panel, so Q_0i = Q₁ Q₂ and
//   F(0,i)    dgeqrt3 on the square, then the panel [R₁; B₀(i·nb + ib :, i)]
//   U(0,i,j)  Q₁ᵀ on the square's rows of column block j (dlarfb), then Q₂ᵀ (block_reflector.h)
// R's rows of panel i are final once F(0,i) (its diagonal block) and U(0,i,·) (to its right)
// ran; each of those tasks copies them from the buffer into R before it completes, so block
// 1 reads them where the dependencies above already make it wait. R's rows come out with
// other signs than the zero-topped QR's (R is unique up to the signs of its rows).
//
// A block may be upper trapezoidal in its last l rows (l = rows = n: a triangle, for the
// merges of triangles); the zeros below its diagonal must be stored (they stay zero: every
// reflector vanishes there). Panel i then takes part with mb = min(m − l + i·nb + ib, m) rows,
// and its factorisation and updates treat those rows as full: the stored zeros add nothing.
//
// The tasks and their sizes do not depend on the number of threads or on which thread runs
// them, so R is the same to the last digit on 1 thread and on 64 (a sweep's rows on a
// cluster equal the local ones). Threads that find no ready task sleep; a thread slowed
// by another process simply runs fewer tasks.
#include <cstddef>
#include <cstdlib>
#include <functional>
#include <memory>
#include <vector>

namespace shnn {
class RunControl;
}

namespace shnn::streamed_qr {

// The row blocks below R.
class BlockSource {
public:
    virtual ~BlockSource() = default;
    virtual int blocks() const = 0;
    virtual int rows(int block) const = 0;                    // ≥ 1
    virtual int trapezoid(int /*block*/) const { return 0; }  // l: its last l rows upper trapezoidal
    // Writes columns [col0, col1) of block `block` (rows(block) rows) into B. Called from
    // any of the pool's threads, for disjoint column ranges at the same time.
    virtual void fill(int block, int col0, int col1, double* B, int ldb) const = 0;
    // Writes columns [col0, col1) of the starting R into R (which points at column col0; all n
    // rows of them, zeros included), when the source rather than the caller provides it:
    // called inside the first block's fill of those columns, before any task reads them, so
    // that setting up R (and the page faults of fresh memory) is spread over the threads and
    // overlaps the work instead of running on one thread before it; with no blocks at all,
    // once for all columns. The default leaves R as the caller gave it.
    virtual void top(int /*n*/, int /*col0*/, int /*col1*/, double* /*R*/, int /*ldr*/) const {}
    // True where the starting R is zero (top() writes zeros, or the caller's R is zero). A
    // first block of at least n rows is then factored as a plain QR in the buffer (see
    // "The first block" above): reflectors that skip R's zero rows, (2/3)·n³ fewer flops.
    virtual bool startsFromZero() const { return false; }
};

// The leading dimension of a buffer of `rows` rows: rounded up to a multiple of 8 doubles,
// so that in a buffer starting on a 64-byte boundary (Workspace, and R where the caller pads
// it) every column starts on a cache line. Unaligned, a column's 8-double vector loads each
// straddle two cache lines (in the fill, the panels' leaves, OpenBLAS's packing copies):
// E2 U-SWIM, 52 interleaved fits on the Intel Xeon with new double[] (16-byte aligned), CPU
// time per fit 0.545 → 0.520 s (median of 20) and 0.710 → 0.670 s (of 20, a slower hour);
// with R's columns aligned as well 0.505 s.
int paddedRows(int rows);

// The block buffer, kept across calls (a stream, then the merges of one solve), its start
// aligned to 64 bytes: a fresh buffer of this size is mapped by malloc and costs a page fault
// per 4 KB when first written.
struct Workspace {
    struct Free {
        void operator()(double* p) const { std::free(p); }
    };
    std::unique_ptr<double[], Free> buffer;
    std::size_t capacity = 0;
    bool fresh = false;  // allocated and not yet written (the next stream maps its pages in bulk)
    // At least `doubles` doubles, the old buffer freed first so that old and new never
    // coexist; not zeroed: the fills write every entry, and zeroing would touch every page on
    // one thread before any task runs.
    void reserve(std::size_t doubles);
};

struct Options {
    int maxRows = 0;    // bounds rows(block); the buffer holds paddedRows(maxRows) × n doubles
    const RunControl* control = nullptr;      // checked before every task
    std::function<void(double)> progress;     // fraction of the work done; calling thread only
};

struct Stats {
    double fillThreadSeconds = 0.0;  // time the threads spent in BlockSource::fill, summed
};

// Streams the blocks into R (n×n, leading dimension ldr). Throws Cancelled, or
// NumericalError if LAPACK fails.
Stats stream(int n, double* R, int ldr, const BlockSource& source, const Options& options, Workspace& ws);

// The work space (doubles) each of the pool's threads keeps through a stream of n columns
// whose blocks have at most maxRows rows: the updates' (block_reflector.h), at most. For the
// memory estimate (least_squares.h's solverPeakBytes).
std::size_t workDoublesPerThread(int n, int maxRows);

// A diagonal block [λI | 0]: `size` rows, λ on the diagonal of the first `size` columns,
// zero in the others (Tikhonov damping stacked below a triangle of `size` columns and its
// right-hand sides). Upper triangular, with its zeros.
class DiagonalBlock : public BlockSource {
public:
    DiagonalBlock(int size, double lambda) : size_(size), lambda_(lambda) {}
    int blocks() const override { return 1; }
    int rows(int) const override { return size_; }
    int trapezoid(int) const override { return size_; }
    void fill(int block, int col0, int col1, double* B, int ldb) const override;
    double lambda() const { return lambda_; }

private:
    const int size_;
    const double lambda_;
};

// Panel width for n columns: 32 below 256 columns, else 96, or 48 when the blocks are
// triangles (the merges).
int panelWidth(int n, bool triangles);

} // namespace shnn::streamed_qr
