#pragma once
// Trajectories from one initial state: q(t) and p(t) of the true flow (solid) and the learned
// flow (dashed), and the energy drift along both — H on the true orbit, Ĥ on the learned
// orbit and H on the learned orbit, each minus its value at t = 0 — with the integrator and
// its tolerances named above the plots.
#include "core/integrate/trajectory.h"

#include <QWidget>
#include <optional>
#include <vector>

class QCustomPlot;
class QCPAxisRect;
class QCPLegend;
class QLabel;
class QLineEdit;
class QPushButton;

namespace shnn {
struct Domain;
}

namespace shnn::ui {

struct TrajectoryRequest {
    Eigen::VectorXd x0;
    double tEnd = 20;
    int samples = 1001;
};

// The system's demonstration orbit (its example state, clamped into the box, and duration).
TrajectoryRequest exampleTrajectory(const HamiltonianSystem& sys, const Domain& box);

class TrajectoryView : public QWidget {
    Q_OBJECT
public:
    explicit TrajectoryView(QWidget* parent = nullptr);

    // Coordinate names (q, p or q1, q2, p1, p2) and a default request for the current system.
    void setSystem(const std::vector<std::string>& coordinates, const TrajectoryRequest& example);
    void setRequest(const TrajectoryRequest& r);  // fills the fields
    // Reads the fields; shows an error next to them and returns nothing when they are bad.
    std::optional<TrajectoryRequest> readRequest();
    void setComparison(const TrajectoryComparison& c);
    void showError(const QString& message);
    void clear();

    QCustomPlot* plot() const { return plot_; }
    int curvePoints(int graph) const;  // points of one graph (for tests)
    int graphCount() const;
    QPushButton* runButton() const { return run_; }
    QLineEdit* shownCoordinates() const { return show_; }

signals:
    void runRequested();

private:
    QCustomPlot* plot_ = nullptr;
    QCPAxisRect* qRect_ = nullptr;
    QCPAxisRect* pRect_ = nullptr;
    QCPAxisRect* eRect_ = nullptr;
    QCPLegend* legends_[3] = {};  // one per panel, beside it
    QLineEdit* x0_ = nullptr;
    QLineEdit* tEnd_ = nullptr;
    QLineEdit* samples_ = nullptr;
    QPushButton* run_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* integrator_ = nullptr;
    QLabel* showLabel_ = nullptr;
    QLineEdit* show_ = nullptr;  // which coordinates to draw, for many degrees of freedom
    TrajectoryComparison last_;
    std::vector<int> shownColumns(int D);
    std::vector<std::string> coordinates_;
};

} // namespace shnn::ui
