#pragma once
// Error heatmap: |Ĥ − H| on the grid of the domain or slice, on a logarithmic colour scale
// (viridis, colour-blind safe) with a colour bar, and the training states (projected onto the
// slice) as dots on top, so one sees where the model is wrong and whether data was there.
#include "core/analysis/grid.h"

#include <Eigen/Core>
#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPGraph;
class QCheckBox;
class QCPTextElement;

namespace shnn::ui {

class ErrorHeatmapView : public QWidget {
    Q_OBJECT
public:
    // `lockable`: offer a check box that keeps the colour scale for the next runs.
    explicit ErrorHeatmapView(QWidget* parent = nullptr, bool lockable = false);

    // Draws |grid.Hhat − grid.H|; `trainStates` (N×D) are projected on the slice's axes.
    void setGrid(const GridValues& grid, const Eigen::MatrixXd& trainStates, const QString& xLabel,
                 const QString& yLabel);
    // Fixes the colour range (for side-by-side comparisons); empty range: automatic.
    void setErrorRange(double lo, double hi);
    void clear();
    void setTitle(const QString& title);
    QString title() const;

    QCustomPlot* plot() const { return plot_; }
    QCPColorMap* colorMap() const { return map_; }
    int trainingPointsShown() const;
    double cell(int i, int j) const;  // the drawn error value of a cell
    std::pair<double, double> errorRange() const { return range_; }
    QCheckBox* lockBox() const { return lock_; }

signals:
    void hovered(double x, double y);

private:
    QCustomPlot* plot_ = nullptr;
    QCPColorMap* map_ = nullptr;
    QCPColorScale* scale_ = nullptr;
    QCPGraph* points_ = nullptr;
    QCheckBox* showPoints_ = nullptr;
    QCheckBox* lock_ = nullptr;
    QCPTextElement* title_ = nullptr;
    std::pair<double, double> range_{0, 0};
    std::pair<double, double> fixedRange_{0, 0};
    bool haveGrid_ = false;
};

} // namespace shnn::ui
