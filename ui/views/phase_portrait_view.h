#pragma once
// Phase portrait: level sets of the true H (solid blue) and of the learned Ĥ (dashed
// vermillion) at the same levels over the domain or a 2-D slice of it, optionally the learned
// vector field as arrows, and the orbits of the last trajectory (true: black, learned:
// dashed orange). A click (not a drag) emits the clicked state.
#include "core/analysis/grid.h"
#include "core/integrate/trajectory.h"

#include <QWidget>

class QCustomPlot;
class QCPCurve;
class QCheckBox;
class QCPTextElement;

namespace shnn {
struct HnnModel;
}

namespace shnn::ui {

class PhasePortraitView : public QWidget {
    Q_OBJECT
public:
    explicit PhasePortraitView(QWidget* parent = nullptr);

    // Draws contour lines of grid.H and grid.Hhat at `levels`; arrows from `model` if shown.
    void setGrid(const GridValues& grid, const QString& xLabel, const QString& yLabel);
    void setModel(const HnnModel* model) { model_ = model; updateArrows(); }
    void setOrbits(const TrajectoryComparison& c, int ix, int iy);
    void clearOrbits();
    void clear();
    void setTitle(const QString& title);

    QCustomPlot* plot() const { return plot_; }
    int trueContourPoints() const;     // points in the true-H contour curves
    int learnedContourPoints() const;  // points in the learned-Ĥ contour curves
    int orbitPoints() const;           // points in the drawn orbits
    int arrowSegments() const;

signals:
    void stateClicked(double x, double y);
    void hovered(double x, double y);

private:
    void updateArrows();

    QCustomPlot* plot_ = nullptr;
    QCheckBox* arrows_ = nullptr;
    QCPCurve* trueContours_ = nullptr;
    QCPCurve* learnedContours_ = nullptr;
    QCPCurve* arrowCurve_ = nullptr;
    QCPCurve* trueOrbit_ = nullptr;
    QCPCurve* learnedOrbit_ = nullptr;
    QCPTextElement* title_ = nullptr;
    const HnnModel* model_ = nullptr;
    GridSpec spec_;
    bool haveGrid_ = false;
    QPoint pressPos_;
};

} // namespace shnn::ui
