#pragma once
// Consecutive training states (rows of X) as the row blocks of the streamed QR: block c holds
// states [c·perBlock, min((c + 1)·perBlock, N)). The least-squares problems derive from it
// and fill their columns (features, targets) for a block's states. Their stream starts from
// R = 0, which top() writes inside the stream.
#include "streamed_qr.h"

#include <Eigen/Core>
#include <algorithm>

namespace shnn {

class StateBlocks : public streamed_qr::BlockSource {
public:
    StateBlocks(Eigen::Index states, Eigen::Index perBlock) : states_(states), perBlock_(balanced(states, perBlock)) {}
    int blocks() const override { return static_cast<int>((states_ + perBlock_ - 1) / perBlock_); }
    int rows(int block) const override { return static_cast<int>(std::min(perBlock_, states_ - first(block))); }
    Eigen::Index first(int block) const { return block * perBlock_; }  // its first state
    int maxRows() const { return static_cast<int>(std::min(perBlock_, states_)); }
    void top(int n, int col0, int col1, double* R, int ldr) const override {
        for (int j = 0; j < col1 - col0; ++j) std::fill_n(R + static_cast<std::size_t>(j) * ldr, n, 0.0);
    }
    bool startsFromZero() const override { return true; }

private:
    // At most `perBlock` rows per block, as few blocks as that allows, all of about the same
    // height (a multiple of 8): 10 000 states in blocks of at most 4096 become 3336, 3336 and
    // 3328 rather than 4096, 4096 and 1808, so no block is a short, less efficient one, and the
    // buffer is smaller (fewer first-touch page faults). Measured on E2, two sets of
    // 10 and 12 interleaved runs (medians): total 0.564 -> 0.542 s and 0.526 -> 0.487 s; the
    // stream's thread-seconds 0.860 -> 0.783 in the second.
    static Eigen::Index balanced(Eigen::Index states, Eigen::Index perBlock) {
        perBlock = std::max<Eigen::Index>(perBlock, 1);
        const Eigen::Index blocks = std::max<Eigen::Index>((states + perBlock - 1) / perBlock, 1);
        const Eigen::Index even = (states + blocks - 1) / blocks;
        return std::min(perBlock, (even + 7) / 8 * 8);
    }
    const Eigen::Index states_, perBlock_;
};

} // namespace shnn
