#include "streamed_qr.h"

#include "block_reflector.h"
#include "panel_leaf.h"

#include "../errors.h"
#include "../parallel/thread_pool.h"
#include "../progress.h"

#include <algorithm>
#include <cstdint>
#include <cblas.h>
#include <chrono>
#include <new>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <queue>
#include <string>
#include <thread>

#include <sys/mman.h>
#include <unistd.h>

// dtpqrt's unblocked panel (Fortran interface), where the panel leaf's AVX2 kernel cannot run.
extern "C" {
void dtpqrt2_(const int* m, const int* n, const int* l, double* A, const int* lda, double* B, const int* ldb,
              double* T, const int* ldt, int* info);
// The plain first block's square (streamed_qr.h): recursive QR of a full m×n matrix, and the
// block reflector of its V (unit lower triangular) applied from the left.
void dgeqrt3_(const int* m, const int* n, double* A, const int* lda, double* T, const int* ldt, int* info);
void dlarfb_(const char* side, const char* trans, const char* direct, const char* storev, const int* m, const int* n,
             const int* k, const double* V, const int* ldv, const double* T, const int* ldt, double* C, const int* ldc,
             double* work, const int* ldwork, std::size_t, std::size_t, std::size_t, std::size_t);
}

namespace shnn::streamed_qr {

namespace {

// Maps fresh memory in one call per range (MADV_POPULATE_WRITE, Linux 5.14) instead of one
// page fault per 4 KB as the fill first writes it: on this 2-core virtual machine a fault
// costs about 3 µs, a populated page about 2. Best effort: where the call is missing or
// fails, the writes fault as before. Only whole pages inside the range.
void populate(double* begin, std::size_t doubles) {
#ifdef MADV_POPULATE_WRITE
    static const std::uintptr_t page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const std::uintptr_t a = (reinterpret_cast<std::uintptr_t>(begin) + page - 1) / page * page;
    const std::uintptr_t b = reinterpret_cast<std::uintptr_t>(begin + doubles) / page * page;
    if (b > a) madvise(reinterpret_cast<void*>(a), b - a, MADV_POPULATE_WRITE);
#else
    (void)begin, (void)doubles;
#endif
}

// Recursive QR of a panel [A; B] (A n×n upper triangular, B m×n full), the layout and output
// of dtpqrt2 (V below in B, R in A, the n×n upper-triangular T with Q = I − V T Vᵀ), in the
// manner of Elmroth and Gustavson: factor the left half, apply it to the right half as one
// block reflector, factor the right half, and join the two T factors:
//   T = [T₁  −T₁ (V₁ᵀV₂) T₂;  0  T₂],   V₁ᵀV₂ = B₁ᵀB₂ (the identity parts of V sit in A's
//   rows, disjoint for the two halves).
// dtpqrt2 applies each reflector to the rest of the panel with matrix-vector products, a pass
// over the whole tall panel per column; here all but the narrowest pieces are matrix
// products. work: the updates' work space (block_reflector.h).
void factorPanel(int m, int n, double* A, int lda, double* B, int ldb, double* T, int ldt, std::vector<double>& work) {
    // At or below this width one pass per column (panel_leaf.h, or dtpqrt2's vector updates)
    // is as fast: a 96-column panel halves to leaves of 12. Measured on E2 with dtpqrt2 (the
    // panels' thread-seconds, medians of 8 interleaved runs): leaves of 6 columns 0.185–0.190,
    // of 12 0.167–0.178, of 24 0.196; with the leaf kernel, one 3336×96 panel: leaves of 12
    // 3.4–4.4 ms, of 24 or 32 3.7–5.0 ms.
    constexpr int kBase = 16;
    if (n <= kBase) {
        if (panelLeafQr(m, n, A, lda, B, ldb, T, ldt)) return;  // panel_leaf.h: one pass per column
        const int l = 0;
        int info = 0;
        dtpqrt2_(&m, &n, &l, A, &lda, B, &ldb, T, &ldt, &info);
        if (info != 0) throw NumericalError("LAPACK dtpqrt2 failed (info " + std::to_string(info) + ")");
        return;
    }
    const int n1 = n / 2, n2 = n - n1;
    double* B2 = B + static_cast<size_t>(n1) * ldb;
    double* T12 = T + static_cast<size_t>(n1) * ldt;
    double* T22 = T12 + n1;
    factorPanel(m, n1, A, lda, B, ldb, T, ldt, work);
    // [A12; B2] ← Q₁ᵀ [A12; B2]
    applyBlockReflectorT(m, n2, n1, B, ldb, T, ldt, A + static_cast<size_t>(n1) * lda, lda, B2, ldb, work);
    factorPanel(m, n2, A + static_cast<size_t>(n1) * lda + n1, lda, B2, ldb, T22, ldt, work);
    // T12 = −T₁ (B₁ᵀ B₂) T₂
    cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, n1, n2, m, 1.0, B, ldb, B2, ldb, 0.0, T12, ldt);
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, n1, n2, -1.0, T, ldt, T12, ldt);
    cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, n1, n2, 1.0, T22, ldt, T12, ldt);
}

// Column blocks per update task (but the one that feeds the next panel). Measured on E2 (the
// stream's update thread-seconds, medians of 10 interleaved runs): 1 block 0.631, 2 blocks
// 0.602, 3 blocks 0.603 (min 0.551 against 0.571), 4 blocks 0.610.
constexpr int kUpdateGroup = 3;

enum class Kind { Factor, Update, Fill };

struct Task {
    Kind kind;
    int block, i, j;  // Fill: column block j; Update: column group j of panel i
    // Scheduling order, smallest first: panels (the critical path), then the updates of the
    // next panel's columns (they feed it), then the other updates, then the filling, each in
    // the order the sequential algorithm would run them.
    int rank() const {
        if (kind == Kind::Factor) return 0;
        if (kind == Kind::Update) return j == 0 ? 1 : 2;
        return 3;
    }
    bool operator>(const Task& o) const {
        if (rank() != o.rank()) return rank() > o.rank();
        if (block != o.block) return block > o.block;
        if (i != o.i) return i > o.i;
        return j > o.j;
    }
};

// The task graph of one stream (see the header). Every member is guarded by mutex_ except
// the matrices, which the dependencies keep apart.
class Graph {
public:
    Graph(int n, double* R, int ldr, const BlockSource& source, const Options& options, Workspace& ws)
        : n_(n), nb_(std::min(n, panelWidth(n, source.trapezoid(0) > 0))), P_((n + nb_ - 1) / nb_), R_(R), ldr_(ldr), source_(source),
          options_(options), ldb_(paddedRows(std::max(options.maxRows, 1))), state_(static_cast<size_t>(source.blocks())) {
        ws.reserve(static_cast<size_t>(ldb_) * n_);
        freshBuffer_ = ws.fresh;
        ws.fresh = false;  // written by this stream
        buffer_ = ws.buffer.get();
        T_.resize(static_cast<size_t>(P_) * nb_ * nb_);
        if (plain0_) T1_.resize(T_.size());
        for (int c = 0; c < source.blocks(); ++c) totalWork_ += source.rows(c);
    }

    double fillSeconds() const { return fillSeconds_; }

    void run() {
        const int threads = parallel::threadCount();
        scratch_.resize(static_cast<size_t>(threads));
        {
            std::lock_guard<std::mutex> lock(mutex_);
            activate(0);
        }
        const std::thread::id caller = std::this_thread::get_id();
        parallel::parallelFor(threads, [&](std::int64_t, int slot) { work(slot, std::this_thread::get_id() == caller); });
        if (error_) std::rethrow_exception(error_);
    }

private:
    struct BlockState {
        bool active = false;
        int m = 0, l = 0;
        int remaining = 0;                     // factor and update tasks not yet run
        std::vector<int> needF, needU;         // unmet dependencies (needU: i·P + g)
        std::vector<int> needRelease;          // per column block: tasks that still read it
        std::vector<char> doneF, doneU, released;
    };
    struct Scratch {
        std::vector<double> work;  // the updates' and dlarfb's work space, grown as needed
    };

    int cols(int j) const { return std::min(nb_, n_ - j * nb_); }
    // The update tasks of panel i: group 0 is column block i+1 alone (it feeds the next
    // panel), groups g ≥ 1 are group_ column blocks each from i+2 on. One update over several
    // column blocks packs the panel's V once for all of them instead of once per block
    // (OpenBLAS's copies were 14 % of E2's profile). The groups depend only on i, so the
    // tasks are the same on any number of threads.
    int groups(int i) const {
        const int rest = P_ - i - 2;  // column blocks after i+1
        return rest < 0 ? 0 : 1 + (rest + group_ - 1) / group_;
    }
    int groupBegin(int i, int g) const { return g == 0 ? i + 1 : i + 2 + (g - 1) * group_; }
    int groupEnd(int i, int g) const { return g == 0 ? i + 2 : std::min(P_, i + 2 + g * group_); }
    int groupOf(int i, int j) const { return j == i + 1 ? 0 : 1 + (j - i - 2) / group_; }
    int panelRows(const BlockState& s, int i) const { return std::min(s.m - s.l + i * nb_ + cols(i), s.m); }
    // Panel i's T, one per column block for all blocks: F(c+1, i) overwrites it only after
    // every U(c, i, ·) has read it (F(c+1, i) waits for fill(c+1, i), which waits for them).
    double* T(int i) { return T_.data() + static_cast<size_t>(i) * nb_ * nb_; }
    double* T1(int i) { return T1_.data() + static_cast<size_t>(i) * nb_ * nb_; }  // the plain block's squares
    double* column(int j) { return buffer_ + static_cast<size_t>(j) * nb_ * ldb_; }

    // Under the mutex: block c gets its dependency counts, and the fills of the column blocks
    // block c−1 has already released.
    void activate(int c) {
        BlockState& s = state_[static_cast<size_t>(c)];
        s.active = true;
        s.m = source_.rows(c);
        s.l = source_.trapezoid(c);
        const size_t P = static_cast<size_t>(P_);
        s.remaining = tasksPerBlock_;
        s.needF.assign(P, 0);
        s.needU.assign(P * P, 0);
        s.doneF.assign(P, 0);
        s.doneU.assign(P * P, 0);
        s.needRelease.assign(P, 0);
        s.released.assign(P, 0);
        for (int j = 0; j < P_; ++j) s.needRelease[static_cast<size_t>(j)] = 1 + groups(j);  // F(c,j), U(c,j,·)
        const BlockState* prev = c > 0 ? &state_[static_cast<size_t>(c - 1)] : nullptr;
        for (int i = 0; i < P_; ++i) {
            int& f = s.needF[static_cast<size_t>(i)];
            f = 1;  // fill(c,0) or U(c,i−1,·) of column block i
            if (prev && !prev->doneF[static_cast<size_t>(i)]) ++f;
            for (int g = 0; g < groups(i); ++g) {
                int& u = s.needU[static_cast<size_t>(i) * P + g];
                // F(c,i); per column block j of the group, fill(c,j) or U(c,i−1,·) of j
                u = 1 + groupEnd(i, g) - groupBegin(i, g);
                if (prev && !prev->doneU[static_cast<size_t>(i) * P + g]) ++u;
            }
        }
        // Column block j of the buffer is block c's once block c−1 has released it.
        for (int j = 0; j < P_; ++j)
            if (!prev || prev->released[static_cast<size_t>(j)]) ready_.push(Task{Kind::Fill, c, 0, j});
    }

    // Block c no longer needs column block j of the buffer (its panel j and their updates
    // ran): block c+1 may fill it, and the first release starts block c+1.
    void releaseBuffer(int c, int j) {
        BlockState& s = state_[static_cast<size_t>(c)];
        if (--s.needRelease[static_cast<size_t>(j)] > 0) return;
        s.released[static_cast<size_t>(j)] = 1;
        if (c + 1 >= static_cast<int>(state_.size())) return;
        if (!nextActive(c)) activate(c + 1);  // pushes the fills of the columns released so far
        else ready_.push(Task{Kind::Fill, c + 1, 0, j});
    }

    void releaseF(int c, int i) {
        if (--state_[static_cast<size_t>(c)].needF[static_cast<size_t>(i)] == 0) ready_.push(Task{Kind::Factor, c, i, i});
    }
    void releaseU(int c, int i, int g) {
        if (--state_[static_cast<size_t>(c)].needU[static_cast<size_t>(i) * P_ + g] == 0)
            ready_.push(Task{Kind::Update, c, i, g});
    }
    // Column block j of block c is ready for panel i: release F(c,i) or the group holding j.
    void releaseColumn(int c, int i, int j) {
        if (j == i) releaseF(c, i);
        else releaseU(c, i, groupOf(i, j));
    }
    bool nextActive(int c) const { return c + 1 < static_cast<int>(state_.size()) && state_[static_cast<size_t>(c + 1)].active; }

    // Under the mutex: the task ran; release what waited for it.
    void complete(const Task& t) {
        BlockState& s = state_[static_cast<size_t>(t.block)];
        const size_t P = static_cast<size_t>(P_);
        if (t.kind == Kind::Fill) {
            releaseColumn(t.block, 0, t.j);
            return;
        }
        if (t.kind == Kind::Factor) {
            s.doneF[static_cast<size_t>(t.i)] = 1;
            for (int g = 0; g < groups(t.i); ++g) releaseU(t.block, t.i, g);
            if (nextActive(t.block)) releaseF(t.block + 1, t.i);
            releaseBuffer(t.block, t.i);
        } else {
            s.doneU[static_cast<size_t>(t.i) * P + t.j] = 1;
            for (int j = groupBegin(t.i, t.j); j < groupEnd(t.i, t.j); ++j) releaseColumn(t.block, t.i + 1, j);
            if (nextActive(t.block)) releaseU(t.block + 1, t.i, t.j);
            releaseBuffer(t.block, t.i);
        }
        workDone_ += static_cast<double>(s.m) / tasksPerBlock_;
        if (--s.remaining == 0) {
            ++blocksDone_;
            // Only `released` is read again (when block c+1 is activated late): the rest goes.
            s.needF = {};
            s.needU = {};
            s.needRelease = {};
        }
    }

    void execute(const Task& t, Scratch& sc) {
        BlockState& s = state_[static_cast<size_t>(t.block)];
        if (t.kind == Kind::Fill) {
            const int c0 = t.j * nb_;
            if (t.block == 0) {  // the first writes to R's columns and (if new) the buffer's
                populate(R_ + static_cast<size_t>(c0) * ldr_, static_cast<size_t>(cols(t.j)) * ldr_);
                if (freshBuffer_) populate(column(t.j), static_cast<size_t>(cols(t.j)) * ldb_);
                source_.top(n_, c0, c0 + cols(t.j), R_ + static_cast<size_t>(c0) * ldr_, ldr_);
            }
            const auto t0 = std::chrono::steady_clock::now();  // the fill's own time (the assembly)
            source_.fill(t.block, c0, c0 + cols(t.j), column(t.j), ldb_);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            std::lock_guard<std::mutex> lock(mutex_);
            fillSeconds_ += seconds;
            return;
        }
        if (plain0_ && t.block == 0) return executePlain(t, s, sc);
        const int i0 = t.i * nb_, ib = cols(t.i), mb = panelRows(s, t.i);
        double* Bi = column(t.i);
        if (t.kind == Kind::Factor) {
            // A trapezoidal panel (the merge of two triangles) is factored as a full one: the
            // zeros below its diagonal stay exactly zero, since every reflector is zero in
            // those rows; the same R, V and T, a few flops spent on zeros.
            factorPanel(mb, ib, R_ + static_cast<size_t>(i0) * ldr_ + i0, ldr_, Bi, ldb_, T(t.i), nb_, sc.work);
            return;
        }
        // A trapezoidal panel's V is applied as a rectangular one too: its stored zeros add
        // nothing, and the update's rows of the columns to the right are all above their
        // diagonal. LAPACK's dtprfb, which skips the zeros, takes longer in its pieces (small
        // dtrmm calls and copies): E2's merge and damping, medians of alternating runs,
        // 29.2 → 25.7 ms (6 runs, a slow hour) and 21.4 → 20.7 ms (16 runs, 12 of them
        // faster); E9 within noise (12.6–13.7 s either way).
        const int c0 = groupBegin(t.i, t.j) * nb_, nc = std::min(n_, groupEnd(t.i, t.j) * nb_) - c0;
        double* A = R_ + static_cast<size_t>(c0) * ldr_ + i0;
        double* B = column(groupBegin(t.i, t.j));
        applyBlockReflectorT(mb, nc, ib, Bi, ldb_, T(t.i), nb_, A, ldr_, B, ldb_, sc.work);
    }

    // The first block as a plain QR in the buffer (streamed_qr.h, "The first block"): panel i
    // is rows [i0, m) of column block i, its top ib×ib square factored first.
    void executePlain(const Task& t, const BlockState& s, Scratch& sc) {
        const int i0 = t.i * nb_, ib = cols(t.i), below = s.m - i0 - ib;
        double* square = column(t.i) + i0;  // R₁ (then R) on and above its diagonal, V₁ below
        if (t.kind == Kind::Factor) {
            int info = 0;
            dgeqrt3_(&ib, &ib, square, &ldb_, T1(t.i), &nb_, &info);
            if (info != 0) throw NumericalError("LAPACK dgeqrt3 failed (info " + std::to_string(info) + ")");
            factorPanel(below, ib, square, ldb_, square + ib, ldb_, T(t.i), nb_, sc.work);
            for (int j = 0; j < ib; ++j)  // R's diagonal block: the square's upper triangle
                std::copy_n(square + static_cast<size_t>(j) * ldb_, j + 1, R_ + static_cast<size_t>(i0 + j) * ldr_ + i0);
            return;
        }
        const int c0 = groupBegin(t.i, t.j) * nb_, nc = std::min(n_, groupEnd(t.i, t.j) * nb_) - c0;
        double* C = column(groupBegin(t.i, t.j)) + i0;  // rows [i0, m) of the group's columns
        sc.work.resize(std::max(sc.work.size(), static_cast<size_t>(ib) * nc));
        dlarfb_("L", "T", "F", "C", &ib, &nc, &ib, square, &ldb_, T1(t.i), &nb_, C, &ldb_, sc.work.data(), &nc, 1, 1,
                1, 1);
        applyBlockReflectorT(below, nc, ib, square + ib, ldb_, T(t.i), nb_, C, ldb_, C + ib, ldb_, sc.work);
        for (int j = 0; j < nc; ++j)  // R's rows of panel i in these columns, final now
            std::copy_n(C + static_cast<size_t>(j) * ldb_, ib, R_ + static_cast<size_t>(c0 + j) * ldr_ + i0);
    }

    // One thread's loop: claim the most urgent ready task, run it, release its dependants.
    void work(int slot, bool reportsProgress) {
        Scratch& sc = scratch_[static_cast<size_t>(slot)];
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            wake_.wait(lock, [&] { return failed_ || finished() || !ready_.empty(); });
            if (failed_ || finished()) return;
            const Task t = ready_.top();
            ready_.pop();
            // Progress in steps of 1 %: the studio forwards every report as a queued signal.
            const double fraction = workDone_ / totalWork_;
            const bool report = reportsProgress && options_.progress && fraction >= reported_ + 0.01;
            if (report) reported_ = fraction;
            lock.unlock();
            try {
                if (options_.control && options_.control->cancelled()) throw Cancelled();
                if (report) options_.progress(fraction);
                execute(t, sc);
            } catch (...) {
                lock.lock();
                if (!failed_) error_ = std::current_exception();
                failed_ = true;
                wake_.notify_all();
                return;
            }
            lock.lock();
            const size_t readyBefore = ready_.size();
            complete(t);
            // Wake as many sleepers as there are new tasks (all of them when the stream ends).
            if (finished()) wake_.notify_all();
            else for (size_t k = readyBefore; k < ready_.size(); ++k) wake_.notify_one();
        }
    }

    int countTasks() const {
        int tasks = P_;
        for (int i = 0; i < P_; ++i) tasks += groups(i);
        return tasks;
    }

    bool finished() const { return blocksDone_ == static_cast<int>(state_.size()); }

    const int n_, nb_, P_;
    double* const R_;
    const int ldr_;
    const BlockSource& source_;
    const Options& options_;
    const int group_ = kUpdateGroup;
    const int tasksPerBlock_ = countTasks();  // factor and update tasks
    const int ldb_;
    double* buffer_ = nullptr;  // one block of rows; column block j holds block c's until c releases it
    bool freshBuffer_ = false;  // allocated for this stream: its pages are new
    // The first block is a plain QR (streamed_qr.h, "The first block"): R starts as zero and
    // the block has at least n rows.
    const bool plain0_ = source_.startsFromZero() && source_.blocks() > 0 && source_.trapezoid(0) == 0 &&
                         source_.rows(0) >= n_;
    std::vector<double> T_;     // the panels' T factors
    std::vector<double> T1_;    // the plain first block's squares' T factors
    std::vector<BlockState> state_;
    std::vector<Scratch> scratch_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::priority_queue<Task, std::vector<Task>, std::greater<Task>> ready_;
    int blocksDone_ = 0;
    double workDone_ = 0.0, totalWork_ = 0.0, reported_ = 0.0, fillSeconds_ = 0.0;
    bool failed_ = false;
    std::exception_ptr error_;

};

} // namespace

// Measured on E2 (the solve, min of 8 interleaved runs): 64 columns with dtpqrt2's panel
// 0.515 s, 96 with it 0.575 s, 96 with the recursive panel 0.477 s (80–128: within noise).
// Merges of triangles (a panel there has only as many rows as the triangle above its
// bottom), E2's merge and damping in one stream, medians of 8 interleaved runs: 24 columns
// 0.036 s, 32 0.033, 48 0.032, 64 0.034, 96 0.037, 160 0.043; E9's (5000 columns) 5.91 and
// 5.65 s with 48 against 5.97 and 5.82 with 96.
int panelWidth(int n, bool triangles) {
    if (n < 256) return 32;
    return triangles ? 48 : 96;
}

Stats stream(int n, double* R, int ldr, const BlockSource& source, const Options& options, Workspace& ws) {
    if (n <= 0) return {};
    if (source.blocks() <= 0) {  // nothing to stack: R is the starting triangle
        source.top(n, 0, n, R, ldr);
        return {};
    }
    Graph g(n, R, ldr, source, options, ws);
    g.run();
    return Stats{g.fillSeconds()};
}

std::size_t workDoublesPerThread(int n, int maxRows) {
    if (n <= 0) return 0;
    const int nb = std::min(n, panelWidth(n, false));  // the merges' narrower panels take less
    const int widest = std::min(n, kUpdateGroup * nb);  // an update task's columns
    // dlarfb's work (the plain first block's squares), nb × widest, is never more.
    return blockReflectorWorkDoubles(std::max(maxRows, 0), widest, nb);
}

int paddedRows(int rows) { return (rows + 7) / 8 * 8; }

void Workspace::reserve(std::size_t doubles) {
    if (capacity >= doubles) return;
    buffer.reset();
    capacity = 0;
    // aligned_alloc wants a multiple of the alignment.
    double* p = static_cast<double*>(std::aligned_alloc(64, (doubles * sizeof(double) + 63) / 64 * 64));
    if (!p) throw std::bad_alloc();
    buffer.reset(p);
    capacity = doubles;
    fresh = true;
}

void DiagonalBlock::fill(int, int col0, int col1, double* B, int ldb) const {
    for (int j = col0; j < col1; ++j) {
        double* column = B + static_cast<size_t>(j - col0) * ldb;
        std::fill(column, column + size_, 0.0);
        if (j < size_) column[j] = lambda_;
    }
}

} // namespace shnn::streamed_qr
