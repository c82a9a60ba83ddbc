#pragma once
// The runs table: every fit of the session with its settings, errors and time. Select two
// runs to see their error heatmaps side by side on one colour scale; double-click a run to
// put it back on screen; export the table as CSV.
#include "core/analysis/grid.h"
#include "ui/views/result_ptr.h"

#include <QWidget>
#include <vector>

class QTableWidget;
class QLabel;
class QStackedWidget;
class QPushButton;

namespace shnn::ui {

class ErrorHeatmapView;
class JobRunner;

class RunsView : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);

    void setRuns(const std::vector<ResultPtr>& runs, int current);
    // The slice used for the comparison heatmaps (of the current system).
    void setSlice(const Slice& s) { slice_ = s; }
    // Selects two rows and draws their heatmaps (as a user's selection would).
    void compare(int a, int b);
    QString csv() const;

    QTableWidget* table() const { return table_; }
    ErrorHeatmapView* left() const { return left_; }
    ErrorHeatmapView* right() const { return right_; }
    bool comparing() const;
    // The two heatmaps are on screen (else a note saying how to compare stands in their place).
    bool comparisonVisible() const;
    QString noteText() const;

signals:
    void runActivated(int index);  // double-click: show this run
    void comparisonShown();

private:
    void selectionChanged();

    QTableWidget* table_ = nullptr;
    ErrorHeatmapView* left_ = nullptr;
    ErrorHeatmapView* right_ = nullptr;
    QLabel* hint_ = nullptr;
    QLabel* note_ = nullptr;            // stands where the heatmaps go until two runs compare
    QStackedWidget* bottom_ = nullptr;  // page 0: the note; page 1: the two heatmaps
    QPushButton* exportCsv_ = nullptr;
    JobRunner* job_ = nullptr;
    std::vector<ResultPtr> runs_;
    Slice slice_;
};

} // namespace shnn::ui
