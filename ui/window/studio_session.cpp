#include "ui/window/studio_session.h"

namespace shnn::ui {

int StudioSession::currentIndex() const {
    for (size_t i = 0; i < runs_.size(); ++i)
        if (runs_[i] == current_) return static_cast<int>(i);
    return -1;
}

void StudioSession::add(const ResultPtr& r) {
    runs_.push_back(r);
    current_ = shown_ = r;
    emit runsChanged();
    emit currentChanged(r);
}

void StudioSession::setCurrent(int index) {
    if (index < 0 || index >= static_cast<int>(runs_.size())) return;
    current_ = shown_ = runs_[static_cast<size_t>(index)];
    emit currentChanged(current_);
}

void StudioSession::replace(std::vector<ResultPtr> runs, int current) {
    runs_ = std::move(runs);
    current_ = shown_ = nullptr;
    if (current >= 0 && current < static_cast<int>(runs_.size())) current_ = shown_ = runs_[static_cast<size_t>(current)];
    emit runsChanged();
    if (current_) emit currentChanged(current_);
}

} // namespace shnn::ui
