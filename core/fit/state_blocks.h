#pragma once
// Consecutive training states (rows of X) as the row blocks of the streamed QR: block c holds
// states [c·perBlock, min((c + 1)·perBlock, N)). The least-squares problems derive from it
// and fill their columns (features, targets) for a block's states.
#include "streamed_qr.h"

#include <Eigen/Core>
#include <algorithm>

namespace shnn {

class StateBlocks : public streamed_qr::BlockSource {
public:
    StateBlocks(Eigen::Index states, Eigen::Index perBlock) : states_(states), perBlock_(std::max<Eigen::Index>(perBlock, 1)) {}
    int blocks() const override { return static_cast<int>((states_ + perBlock_ - 1) / perBlock_); }
    int rows(int block) const override { return static_cast<int>(std::min(perBlock_, states_ - first(block))); }
    Eigen::Index first(int block) const { return block * perBlock_; }  // its first state
    int maxRows() const { return static_cast<int>(std::min(perBlock_, states_)); }

private:
    const Eigen::Index states_, perBlock_;
};

} // namespace shnn
