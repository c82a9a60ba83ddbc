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
    IntegratorSettings integrator;  // Dormand–Prince, or a symplectic method with a fixed step
    bool compareMlp = false;        // also the S-MLP on the same hidden layer (energy drift)
};

// What the Trajectories view draws: the true and learned flows, and optionally the S-MLP's.
struct TrajectoryPicture {
    TrajectoryComparison flows;
    std::optional<Trajectory> mlp;
    Eigen::VectorXd energyMlpTrueH;  // H along the S-MLP's orbit
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
    void setPicture(const TrajectoryPicture& p);
    void showError(const QString& message);
    void clear();

    QCustomPlot* plot() const { return plot_; }
    int curvePoints(int graph) const;  // points of one graph (for tests)
    int graphCount() const;
    // The largest |value| of the graph with this legend name, -1 if none (for tests).
    double largestValue(const QString& graphName) const;
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
    std::optional<Trajectory> lastMlp_;
    Eigen::VectorXd lastMlpEnergy_;
    class QComboBox* integrator_box_ = nullptr;
    QLineEdit* dt_ = nullptr;
    class QCheckBox* mlp_ = nullptr;
    std::vector<int> shownColumns(int D);
    std::vector<std::string> coordinates_;
};

} // namespace shnn::ui
