#pragma once
// The studio's session: every run of it (finished fits and opened models, in order), the run
// on screen (current) and the result whose pictures are drawn (shown: the current run, or
// A-SWIM's first pass while the second runs), and the view choices saved with it. The main
// window keeps layout and wiring; this keeps the state, and says when it changes.
#include "ui/views/result_ptr.h"

#include <QObject>
#include <nlohmann/json.hpp>
#include <vector>

namespace shnn::ui {

class StudioSession : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    const std::vector<ResultPtr>& runs() const { return runs_; }
    ResultPtr current() const { return current_; }
    ResultPtr shown() const { return shown_; }
    int currentIndex() const;

    void add(const ResultPtr& r);                          // appended, and current
    void setCurrent(int index);                            // a run of the list on screen
    void setShown(const ResultPtr& r) { shown_ = r; }      // pictures of an intermediate result
    void replace(std::vector<ResultPtr> runs, int current);  // from a session file

    // View choices (tab, slice, trajectory, energy) as saved in and read from session files.
    nlohmann::ordered_json viewState = nlohmann::ordered_json::object();

signals:
    void runsChanged();
    void currentChanged(shnn::ui::ResultPtr run);

private:
    std::vector<ResultPtr> runs_;
    ResultPtr current_;
    ResultPtr shown_;
};

} // namespace shnn::ui
