// The streamed tile QR (core/fit/streamed_qr.h) against LAPACK's own dtpqrt applied block by
// block, on full and triangular blocks and ragged sizes; the same digits whatever order the
// threads ran the tasks in; every column of every block filled once; cancellation and errors
// from a fill stop the stream.
#include "core/errors.h"
#include "core/fit/block_reflector.h"
#include "core/fit/lapack.h"
#include "core/fit/panel_leaf.h"
#include "core/fit/reflector_product.h"
#include "core/fit/streamed_qr.h"
#include "core/parallel/thread_pool.h"
#include "core/progress.h"

#include <Eigen/Dense>
#include <QtTest>
#include <atomic>
#include <cstdint>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

using namespace shnn;

extern "C" void dtpqrt2_(const int* m, const int* n, const int* l, double* A, const int* lda, double* B,
                         const int* ldb, double* T, const int* ldt, int* info);

namespace {

// Blocks held in memory: full ones, then (optionally) upper-triangular ones stored with their
// zeros, as the coordinate blocks of the least-squares solve are.
class MatrixBlocks : public streamed_qr::BlockSource {
public:
    std::vector<Eigen::MatrixXd> blocksData;
    std::vector<int> trapezoids;
    mutable std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
    mutable std::vector<std::multiset<int>> filled;  // columns written, per block
    mutable int unalignedColumns = 0;  // columns handed to fill that start off a 64-byte line
    std::function<void(int)> onFill;                 // called at the start of every fill
    bool zeroStart = false;  // startsFromZero(): the caller's R is zero (a plain first block)

    int blocks() const override { return static_cast<int>(blocksData.size()); }
    int rows(int b) const override { return static_cast<int>(blocksData[static_cast<size_t>(b)].rows()); }
    int trapezoid(int b) const override { return trapezoids[static_cast<size_t>(b)]; }
    bool startsFromZero() const override { return zeroStart; }
    void fill(int b, int col0, int col1, double* B, int ldb) const override {
        if (onFill) onFill(b);
        const Eigen::MatrixXd& M = blocksData[static_cast<size_t>(b)];
        for (int j = col0; j < col1; ++j) Eigen::Map<Eigen::VectorXd>(B + static_cast<size_t>(j - col0) * ldb, M.rows()) = M.col(j);
        std::lock_guard<std::mutex> lock(*mutex);
        if (filled.size() < blocksData.size()) filled.resize(blocksData.size());
        for (int j = col0; j < col1; ++j) {
            filled[static_cast<size_t>(b)].insert(j);
            if (reinterpret_cast<std::uintptr_t>(B + static_cast<size_t>(j - col0) * ldb) % 64 != 0) ++unalignedColumns;
        }
    }
};

MatrixBlocks randomBlocks(int n, const std::vector<int>& fullRows, int triangles, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    MatrixBlocks s;
    for (int m : fullRows) {
        Eigen::MatrixXd B(m, n);
        for (Eigen::Index k = 0; k < B.size(); ++k) B.data()[k] = normal(rng);
        s.blocksData.push_back(B);
        s.trapezoids.push_back(0);
    }
    for (int t = 0; t < triangles; ++t) {
        Eigen::MatrixXd B = Eigen::MatrixXd::Zero(n, n);
        for (int j = 0; j < n; ++j)
            for (int i = 0; i <= j; ++i) B(i, j) = normal(rng);
        s.blocksData.push_back(B);
        s.trapezoids.push_back(n);
    }
    return s;
}

// LAPACK's dtpqrt (its own blocking, one block at a time): the independent reference.
Eigen::MatrixXd lapackReference(const MatrixBlocks& s, int n) {
    Eigen::MatrixXd R = Eigen::MatrixXd::Zero(n, n);
    lapack::QrWorkspace ws;
    for (size_t b = 0; b < s.blocksData.size(); ++b) {
        Eigen::MatrixXd B = s.blocksData[b];
        lapack::tpqrt(static_cast<int>(B.rows()), n, s.trapezoids[b], R.data(), n, B.data(), static_cast<int>(B.rows()), ws);
    }
    return R;
}

Eigen::MatrixXd streamed(const MatrixBlocks& s, int n, int maxRows, const RunControl* control = nullptr,
                         const std::function<void(double)>& progress = {}) {
    Eigen::MatrixXd R = Eigen::MatrixXd::Zero(n, n);
    streamed_qr::Workspace ws;
    streamed_qr::Options o;
    o.maxRows = maxRows;
    o.control = control;
    o.progress = progress;
    streamed_qr::stream(n, R.data(), n, s, o, ws);
    return R;
}

double relativeDifference(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return (a - b).norm() / b.norm(); }

// R is unique up to the signs of its rows: a's rows flipped where its diagonal's sign differs
// from b's, and how many were.
Eigen::MatrixXd withSignsOf(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b, int* flipped = nullptr) {
    Eigen::MatrixXd r = a;
    int count = 0;
    for (Eigen::Index i = 0; i < a.rows(); ++i)
        if ((a(i, i) < 0) != (b(i, i) < 0)) {
            r.row(i) *= -1.0;
            ++count;
        }
    if (flipped) *flipped = count;
    return r;
}

} // namespace

class TestStreamedQr : public QObject {
    Q_OBJECT
private slots:
    void matchesLapackOnFullAndTriangularBlocks();
    void oneBlockMatchesLapackAndTheGram();
    void plainFirstBlockMatchesLapack();
    void diagonalBlockMatchesLapack();
    void topWritesTheStartingTriangle();
    void sameDigitsInAnyTaskOrder();
    void blocksShareTheBufferColumnByColumn();
    void fillsEveryColumnOnce();
    void cancelStopsTheStream();
    void errorInAFillReachesTheCaller();
    void progressRisesOnTheCallingThread();
    void noThreadsBesideThePool();
    void leafMatchesDtpqrt2();
    void blockReflectorMatchesTheExplicitQ();
    void reflectorProductMatchesEigen();
};

// 500 columns: five panels of 96 and one of 20, so the first panel's updates run as the
// group {1} (it feeds the next panel), a full group {2, 3, 4} and a ragged one {5}; blocks of
// ragged heights (one a single row) and two triangles. R agrees with LAPACK's to rounding
// (both use the same Householder sign convention, so R itself, not only |R|).
void TestStreamedQr::matchesLapackOnFullAndTriangularBlocks() {
    const int n = 500;
    for (int maxRows : {700, 1024}) {  // the buffer as tall as the tallest block, and taller
        const MatrixBlocks s = randomBlocks(n, {700, 513, 1, 301}, 2, 7);
        const Eigen::MatrixXd R = streamed(s, n, maxRows);
        const Eigen::MatrixXd ref = lapackReference(s, n);
        const double diff = relativeDifference(R, ref);
        qInfo("buffer of %d rows: |R - R_lapack| / |R_lapack| = %.2e", maxRows, diff);
        QVERIFY(diff < 1e-13);
        QVERIFY((R.triangularView<Eigen::StrictlyLower>().toDenseMatrix().array() == 0).all());
    }
    // Triangles only (the merges: 48-column panels), 300 columns: seven panels, the first
    // one's updates in the groups {1}, {2, 3, 4}, {5, 6}.
    const MatrixBlocks t = randomBlocks(n - 200, {}, 3, 12);
    const double diff = relativeDifference(streamed(t, n - 200, n - 200), lapackReference(t, n - 200));
    qInfo("three triangles: %.2e", diff);
    QVERIFY(diff < 1e-13);
    // Fewer columns than one panel (32-column panels below 256 columns).
    const MatrixBlocks small = randomBlocks(40, {50, 3}, 1, 8);
    QVERIFY(relativeDifference(streamed(small, 40, 50), lapackReference(small, 40)) < 1e-13);
}

// One block, R from zero: the same R as LAPACK, and RᵀR = AᵀA (Q is orthogonal).
void TestStreamedQr::oneBlockMatchesLapackAndTheGram() {
    const int n = 250, m = 400;
    const MatrixBlocks s = randomBlocks(n, {m}, 0, 9);
    const Eigen::MatrixXd R = streamed(s, n, m);
    QVERIFY(relativeDifference(R, lapackReference(s, n)) < 1e-13);
    const Eigen::MatrixXd gram = s.blocksData[0].transpose() * s.blocksData[0];
    QVERIFY(relativeDifference(R.transpose() * R, gram) < 1e-13);
}

// R from zero (BlockSource::startsFromZero) and a first block of at least n rows: that block
// is a plain QR in the buffer (its square on top first, then the rows below). R agrees with
// LAPACK's from [0; B₀] up to the signs of its rows (their diagonals come out of the square's
// own QR, not from zeros); with fewer rows than columns the block stays a [0; B₀] one, signs
// and all. The same digits in any task order; RᵀR = BᵀB for one block.
void TestStreamedQr::plainFirstBlockMatchesLapack() {
    const int n = 500;  // panels 96 × 5 and 20
    for (const std::vector<int>& heights : std::vector<std::vector<int>>{{700, 513, 1, 301}, {500, 300}, {880}}) {
        MatrixBlocks s = randomBlocks(n, heights, heights.size() > 2 ? 2 : 0, 31);
        s.zeroStart = true;
        const Eigen::MatrixXd R = streamed(s, n, heights[0]);
        const Eigen::MatrixXd ref = lapackReference(s, n);
        int flipped = 0;
        const double diff = relativeDifference(withSignsOf(R, ref, &flipped), ref);
        qInfo("first block of %d rows: %.2e, %d of %d rows with the other sign", heights[0], diff, flipped, n);
        QVERIFY(diff < 1e-13);
        QVERIFY(flipped > 0);  // the plain path ran: the zero-topped QR would give LAPACK's signs
        QVERIFY((R.triangularView<Eigen::StrictlyLower>().toDenseMatrix().array() == 0).all());
        for (int run = 0; run < 2; ++run) QVERIFY(streamed(s, n, heights[0] + 64 * run) == R);
        if (heights.size() == 1) {
            const Eigen::MatrixXd gram = s.blocksData[0].transpose() * s.blocksData[0];
            QVERIFY(relativeDifference(R.transpose() * R, gram) < 1e-13);
        }
    }
    // Fewer columns than one panel (32-column panels below 256 columns), then a triangle.
    MatrixBlocks small = randomBlocks(40, {50, 3}, 1, 33);
    small.zeroStart = true;
    const Eigen::MatrixXd smallRef = lapackReference(small, 40);
    QVERIFY(relativeDifference(withSignsOf(streamed(small, 40, 50), smallRef), smallRef) < 1e-13);
    // A first block shorter than R: as before, LAPACK's R to rounding with its signs.
    MatrixBlocks shortFirst = randomBlocks(n, {499, 700}, 0, 32);
    shortFirst.zeroStart = true;
    QVERIFY(relativeDifference(streamed(shortFirst, n, 700), lapackReference(shortFirst, n)) < 1e-13);
}

// The damping block [λI | 0] under a triangle with one right-hand side: the same R as
// LAPACK on the explicit matrix.
void TestStreamedQr::diagonalBlockMatchesLapack() {
    const int n = 201, size = 200;
    MatrixBlocks triangle = randomBlocks(n, {}, 1, 10);
    Eigen::MatrixXd R = streamed(triangle, n, n);
    const Eigen::MatrixXd start = R;
    streamed_qr::Workspace ws;
    streamed_qr::Options o;
    o.maxRows = size;
    streamed_qr::stream(n, R.data(), n, streamed_qr::DiagonalBlock(size, 0.125), o, ws);
    Eigen::MatrixXd ref = start, damp = Eigen::MatrixXd::Zero(size, n);
    damp.leftCols(size).diagonal().setConstant(0.125);
    lapack::QrWorkspace lws;
    lapack::tpqrt(size, n, size, ref.data(), n, damp.data(), size, lws);
    QVERIFY(relativeDifference(R, ref) < 1e-13);
}

// A source that provides the starting triangle itself (BlockSource::top): R's memory starts as
// NaN, and the stream must give what it gives from that triangle passed in R, to the digit,
// with zeros below the diagonal (top writes every entry of its columns before any task reads
// them).
namespace {
class TopBlocks : public MatrixBlocks {
public:
    Eigen::MatrixXd start;
    void top(int /*n*/, int col0, int col1, double* R, int ldr) const override {
        for (int j = col0; j < col1; ++j)
            Eigen::Map<Eigen::VectorXd>(R + static_cast<size_t>(j - col0) * ldr, start.rows()) = start.col(j);
    }
};
} // namespace

void TestStreamedQr::topWritesTheStartingTriangle() {
    const int n = 333;
    TopBlocks s;
    static_cast<MatrixBlocks&>(s) = randomBlocks(n, {400, 123}, 1, 21);
    s.start = randomBlocks(n, {}, 1, 22).blocksData[0];
    for (int maxRows : {400, 512}) {
        Eigen::MatrixXd R = Eigen::MatrixXd::Constant(n, n, std::numeric_limits<double>::quiet_NaN());
        streamed_qr::Workspace ws;
        streamed_qr::Options o;
        o.maxRows = maxRows;
        streamed_qr::stream(n, R.data(), n, s, o, ws);
        Eigen::MatrixXd given = s.start;
        streamed_qr::stream(n, given.data(), n, static_cast<const MatrixBlocks&>(s), o, ws);
        QVERIFY(R.allFinite());
        QVERIFY(R == given);
        Eigen::MatrixXd ref = s.start;
        lapack::QrWorkspace lws;
        for (size_t b = 0; b < s.blocksData.size(); ++b) {
            Eigen::MatrixXd B = s.blocksData[b];
            lapack::tpqrt(static_cast<int>(B.rows()), n, s.trapezoids[b], ref.data(), n, B.data(), static_cast<int>(B.rows()), lws);
        }
        QVERIFY(relativeDifference(R, ref) < 1e-13);
    }
}

// Two threads claim tasks in a different order on every run; the tasks and their sizes are
// fixed, so R must not change in the last digit.
void TestStreamedQr::sameDigitsInAnyTaskOrder() {
    const int n = 400;
    const MatrixBlocks s = randomBlocks(n, {900, 900, 450, 77}, 1, 11);
    const Eigen::MatrixXd first = streamed(s, n, 900);
    for (int run = 0; run < 4; ++run) {
        const Eigen::MatrixXd again = streamed(s, n, 900);
        QVERIFY(again == first);
    }
    QVERIFY(streamed(s, n, 1000) == first);  // a taller buffer: another layout, the same tasks
}

// One buffer for all blocks: block c+1 writes column block j only after block c's panel j
// and every update that reads it. Many short blocks of ragged heights, and fills that sleep
// for a random few µs so that the two threads interleave differently on every run: a fill
// let in early overwrites reflectors still being applied and R leaves LAPACK's; with the
// first block a plain QR, the same (its R rows go from the buffer to R before block 1 reads
// them). The workspace holds that one buffer and nothing more, its 300 rows padded to 304
// (streamed_qr::paddedRows) so that every column the fills write starts on a cache line.
void TestStreamedQr::blocksShareTheBufferColumnByColumn() {
    const int n = 300;  // panels of 96: column blocks of 96, 96, 96 and 12
    MatrixBlocks s = randomBlocks(n, {300, 97, 250, 1, 64, 300, 180, 33, 299, 120, 300, 7, 211, 300}, 0, 16);
    std::atomic<unsigned> calls{0};
    s.onFill = [&](int) {
        const unsigned k = calls.fetch_add(1) * 2654435761u;
        std::this_thread::sleep_for(std::chrono::microseconds((k >> 7) % 200));
    };
    const Eigen::MatrixXd ref = lapackReference(s, n);
    for (int run = 0; run < 4; ++run) {
        s.zeroStart = run % 2 == 1;  // the first block (300 rows) also as a plain QR
        Eigen::MatrixXd R = Eigen::MatrixXd::Zero(n, n);
        streamed_qr::Workspace ws;
        streamed_qr::Options o;
        o.maxRows = 300;
        streamed_qr::stream(n, R.data(), n, s, o, ws);
        const double diff = relativeDifference(s.zeroStart ? withSignsOf(R, ref) : R, ref);
        qInfo("run %d%s: %.2e", run, s.zeroStart ? " (plain first block)" : "", diff);
        QVERIFY(diff < 1e-13);
        QCOMPARE(ws.capacity, static_cast<std::size_t>(304) * n);
        QCOMPARE(s.unalignedColumns, 0);
    }
}

void TestStreamedQr::fillsEveryColumnOnce() {
    const int n = 290;
    const MatrixBlocks s = randomBlocks(n, {500, 200, 333}, 1, 12);
    streamed(s, n, 500);
    QCOMPARE(static_cast<int>(s.filled.size()), 4);
    for (const auto& cols : s.filled) {
        QCOMPARE(static_cast<int>(cols.size()), n);
        for (int j = 0; j < n; ++j) QCOMPARE(static_cast<int>(cols.count(j)), 1);
    }
}

// A cancel raised while block 2 is being filled ends the stream with Cancelled.
void TestStreamedQr::cancelStopsTheStream() {
    const int n = 300;
    MatrixBlocks s = randomBlocks(n, {600, 600, 600, 600, 600, 600}, 0, 13);
    std::atomic<bool> cancel{false};
    std::atomic<int> fillsAfterCancel{0};
    s.onFill = [&](int b) {
        if (cancel) ++fillsAfterCancel;
        if (b == 2) cancel = true;
    };
    const RunControl control(nullptr, &cancel);
    QVERIFY_EXCEPTION_THROWN(streamed(s, n, 600, &control), Cancelled);
    // Fills already claimed may finish; nothing of blocks 4 and 5 starts.
    QVERIFY(s.filled.size() < 5 || s.filled[4].empty());
    QVERIFY(fillsAfterCancel <= 4 * 2);
}

void TestStreamedQr::errorInAFillReachesTheCaller() {
    const int n = 200;
    MatrixBlocks s = randomBlocks(n, {300, 300, 300}, 0, 14);
    s.onFill = [](int b) {
        if (b == 1) throw std::runtime_error("fill failed");
    };
    bool caught = false;
    try {
        streamed(s, n, 300);
    } catch (const std::runtime_error& e) {
        caught = std::string(e.what()) == "fill failed";
    }
    QVERIFY(caught);
}

void TestStreamedQr::progressRisesOnTheCallingThread() {
    // Only the calling thread reports, when it claims a task; on a machine kept busy it may
    // claim few of a short stream's. Beside two processes that kept both cores busy, three
    // blocks gave it 7–10 reports in the worst of 40 runs (and once fewer than 5 in the
    // suite); twelve blocks give it 27–33 in the worst.
    const int n = 300;
    const MatrixBlocks s = randomBlocks(n, std::vector<int>(12, 800), 0, 15);
    std::vector<double> seen;
    bool otherThread = false;
    const std::thread::id caller = std::this_thread::get_id();
    streamed(s, n, 800, nullptr, [&](double f) {
        otherThread |= std::this_thread::get_id() != caller;
        seen.push_back(f);
    });
    qInfo("%zu progress reports on the calling thread", seen.size());
    QVERIFY(!otherThread);
    QVERIFY(seen.size() >= 5);
    for (size_t k = 1; k < seen.size(); ++k) QVERIFY(seen[k] > seen[k - 1]);
    QVERIFY(seen.front() >= 0.0 && seen.back() <= 1.0);
}

// The BLAS runs single-threaded inside the pool's tasks, and the pool stops OpenBLAS's own
// worker threads when it starts (idle, they spun on sched_yield for the first 0.1 s of every
// process). So the process runs the pool's threads and nothing else: the caller and
// threadCount() − 1 workers (Qt Test's watchdog aside).
void TestStreamedQr::noThreadsBesideThePool() {
#if defined(__SANITIZE_THREAD__)
    QSKIP("ThreadSanitizer runs a thread of its own");
#endif
    const int threads = parallel::threadCount();
    int ours = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        std::getline(comm, name);
        if (name.rfind("QtTest", 0) != 0) ++ours;
    }
    QCOMPARE(ours, threads);
}

QTEST_GUILESS_MAIN(TestStreamedQr)
// The panels' leaf kernel (panel_leaf.h) against LAPACK's dtpqrt2 on the same leaf: R, the
// reflectors V and T agree to rounding (measured: at most 1e-15 relative), on tall leaves
// with ragged heights, one row, no rows, and on columns that take the robust path: a zero
// column, entries of 1e-200 (their squares underflow) and of 1e150.
void TestStreamedQr::leafMatchesDtpqrt2() {
    if (!streamed_qr::panelLeafAvailable()) QSKIP("this CPU has no AVX2/FMA: the panels use dtpqrt2");
    struct Case {
        int m, n;
        double scale;
        int zeroColumn;
    };
    std::mt19937_64 rng(31);
    std::normal_distribution<double> normal;
    for (const Case& c : std::vector<Case>{{3336, 12, 1, -1}, {3337, 12, 1, -1}, {5, 16, 1, -1}, {1, 1, 1, -1},
                                           {0, 4, 1, -1}, {301, 12, 1, 0}, {300, 12, 1e-200, -1}, {300, 12, 1e150, -1}}) {
        const int m = c.m, n = c.n, lda = n + 3, ldb = m + 5, ldt = n + 1, l = 0;
        Eigen::MatrixXd A = Eigen::MatrixXd::Zero(lda, n), B = Eigen::MatrixXd::Zero(ldb, n), T = Eigen::MatrixXd::Zero(ldt, n);
        for (int j = 0; j < n; ++j) {
            for (int i = 0; i <= j; ++i) A(i, j) = normal(rng);
            for (int i = 0; i < m; ++i) B(i, j) = c.scale * normal(rng);
        }
        if (c.zeroColumn >= 0) {  // the first column zero: τ = 0, no reflection
            B.col(c.zeroColumn).setZero();
            A(c.zeroColumn, c.zeroColumn) = 0.0;
        }
        Eigen::MatrixXd A2 = A, B2 = B, T2 = T;
        int info = 0;
        dtpqrt2_(&m, &n, &l, A2.data(), &lda, B2.data(), &ldb, T2.data(), &ldt, &info);
        QCOMPARE(info, 0);
        QVERIFY(streamed_qr::panelLeafQr(m, n, A.data(), lda, B.data(), ldb, T.data(), ldt));
        const auto upper = [&](const Eigen::MatrixXd& X) { return Eigen::MatrixXd(X.topRows(n).triangularView<Eigen::Upper>()); };
        const auto rel = [](const Eigen::MatrixXd& x, const Eigen::MatrixXd& ref) {
            return ref.norm() > 0 ? (x - ref).norm() / ref.norm() : x.norm();
        };
        const double dR = rel(upper(A), upper(A2)), dV = rel(B.topRows(m), B2.topRows(m)), dT = rel(upper(T), upper(T2));
        qInfo("m %d, n %d, scale %g, zero column %d: R %.1e, V %.1e, T %.1e", m, n, c.scale, c.zeroColumn, dR, dV, dT);
        QVERIFY(dR < 1e-14 && dV < 1e-14 && dT < 1e-14);
        QVERIFY((T.topRows(n).triangularView<Eigen::StrictlyLower>().toDenseMatrix().array() == 0).all());
        QVERIFY(B.bottomRows(ldb - m).isZero(0.0));  // rows beyond m untouched
    }
    double a = 1, b = 1, t = 0;
    QVERIFY(!streamed_qr::panelLeafQr(1, 17, &a, 1, &b, 1, &t, 1));  // wider than a leaf: the caller's dtpqrt2
}

// The update of the panels' columns (block_reflector.h) against Qᵀ formed explicitly,
// Q = I − [I; V] T [I; V]ᵀ: a (k + m)-square matrix product, no LAPACK. Leading dimensions
// larger than the blocks; the rows of B beyond m and of A beyond k stay untouched.
void TestStreamedQr::blockReflectorMatchesTheExplicitQ() {
    std::mt19937_64 rng(47);
    std::normal_distribution<double> normal;
    struct Case {
        int m, n, k;
    };
    // n ≥ 64 takes reflector_product.h's kernel where the CPU has AVX-512: k not a multiple
    // of 8 or 24 (zero-padded slivers), n not a multiple of 8 (narrower tiles), m odd.
    for (const Case& c : std::vector<Case>{
             {300, 288, 96}, {301, 7, 12}, {0, 5, 3}, {40, 1, 1}, {333, 70, 20}, {257, 65, 41}, {100, 64, 7}}) {
        const int m = c.m, n = c.n, k = c.k, ldv = m + 3, ldt = k + 2, lda = k + 4, ldb = m + 5;
        Eigen::MatrixXd V = Eigen::MatrixXd::Zero(ldv, k), T = Eigen::MatrixXd::Zero(ldt, k);
        Eigen::MatrixXd A = Eigen::MatrixXd::Zero(lda, n), B = Eigen::MatrixXd::Zero(ldb, n);
        for (int j = 0; j < k; ++j) {
            for (int i = 0; i < m; ++i) V(i, j) = normal(rng);
            for (int i = 0; i <= j; ++i) T(i, j) = normal(rng);
        }
        for (int j = 0; j < n; ++j) {
            for (int i = 0; i < lda; ++i) A(i, j) = normal(rng);
            for (int i = 0; i < ldb; ++i) B(i, j) = normal(rng);
        }
        Eigen::MatrixXd Y(k + m, k);  // [I; V]
        Y << Eigen::MatrixXd::Identity(k, k), V.topRows(m);
        const Eigen::MatrixXd Tk = T.topRows(k).triangularView<Eigen::Upper>();
        const Eigen::MatrixXd Q = Eigen::MatrixXd::Identity(k + m, k + m) - Y * Tk * Y.transpose();
        Eigen::MatrixXd C(k + m, n);
        C << A.topRows(k), B.topRows(m);
        const Eigen::MatrixXd expected = Q.transpose() * C;
        const Eigen::MatrixXd A0 = A, B0 = B;
        std::vector<double> work;
        streamed_qr::applyBlockReflectorT(m, n, k, V.data(), ldv, T.data(), ldt, A.data(), lda, B.data(), ldb, work);
        Eigen::MatrixXd got(k + m, n);
        got << A.topRows(k), B.topRows(m);
        const double diff = (got - expected).norm() / expected.norm();
        qInfo("m %d, n %d, k %d: |update - Q^T C| / |Q^T C| = %.1e", m, n, k, diff);
        QVERIFY(diff < 1e-14);
        QVERIFY(A.bottomRows(lda - k) == A0.bottomRows(lda - k));
        QVERIFY(B.bottomRows(ldb - m) == B0.bottomRows(ldb - m));
    }
}

// W += VᵀB (reflector_product.h) against Eigen's product, for every width of the last sliver
// (k padded to 8, 16 or 24 columns, alone or after whole slivers of 24), every tile width
// (n mod 8 = 1 … 7 and whole tiles of 8), and row counts across the kernel's chunks of 384
// rows and its 8×8 packing (m mod 8 ≠ 0). W's padding rows gain exactly zero.
void TestStreamedQr::reflectorProductMatchesEigen() {
    if (!streamed_qr::reflectorProductAvailable()) QSKIP("this CPU has no AVX-512: the update uses BLAS alone");
    std::mt19937_64 rng(53);
    std::normal_distribution<double> normal;
    const int ks[] = {1, 5, 14, 24, 25, 38, 47, 96};  // last sliver 8, 8, 16, 24, 8, 16, 24, 24
    const int ns[] = {1, 2, 3, 4, 5, 6, 7, 8, 17, 31};
    const int ms[] = {1, 7, 64, 385, 800, 1003};
    int cases = 0;
    double worst = 0.0;
    for (const int k : ks)
        for (const int n : ns) {
            const int m = ms[cases++ % 6];
            const int kp = streamed_qr::paddedReflectors(k), ldv = m + 2, ldb = m + 1;
            const Eigen::MatrixXd V = Eigen::MatrixXd::NullaryExpr(ldv, k, [&] { return normal(rng); });
            const Eigen::MatrixXd B = Eigen::MatrixXd::NullaryExpr(ldb, n, [&] { return normal(rng); });
            Eigen::MatrixXd W = Eigen::MatrixXd::Zero(kp + 3, n);  // leading dimension past the padding
            W.topRows(k) = Eigen::MatrixXd::NullaryExpr(k, n, [&] { return normal(rng); });
            const Eigen::MatrixXd W0 = W;
            std::vector<double> Vp(streamed_qr::packedReflectorDoubles(m, k));
            streamed_qr::packReflectors(m, k, V.data(), ldv, Vp.data());
            streamed_qr::addReflectorProduct(m, n, k, Vp.data(), B.data(), ldb, W.data(), static_cast<int>(W.rows()));
            const Eigen::MatrixXd expected = W0.topRows(k) + V.topRows(m).transpose() * B.topRows(m);
            const double diff = (W.topRows(k) - expected).norm() / expected.norm();
            worst = std::max(worst, diff);
            QVERIFY2(diff < 4e-15, qPrintable(QString("m %1, n %2, k %3: %4").arg(m).arg(n).arg(k).arg(diff)));
            QVERIFY(W.bottomRows(W.rows() - k).isZero(0.0));
        }
    qInfo("%d cases: largest |W + V^T B - Eigen's| / |Eigen's| = %.1e", cases, worst);
}

#include "test_streamed_qr.moc"
