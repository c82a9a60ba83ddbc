#pragma once
// Poincaré section for two-degree-of-freedom systems: the plane q1 = 0 crossed with p1 > 0 at a
// chosen energy E, crossings plotted in (q2, p2) for the true flow (blue) and the learned flow
// (vermillion), each orbit started from the same state. Regular orbits trace closed curves,
// chaotic ones scatter; where the learned flow is right the two colours coincide. Clicking on
// the section launches a new orbit from there.
//
// A section of a chaotic energy takes seconds (E = 1/8, 12 orbits: about 10 s on 2 cores), so
// each orbit's crossings are drawn as soon as both flows have them, the note counts the
// orbits, and Cancel stops the rest (the orbits so far stay). The section of a new result is
// computed by itself when the view is on screen (shown, or the result arrives while it is),
// unless a lesson is about to run its own.
#include "ui/views/result_ptr.h"

#include <QWidget>

class QCheckBox;
class QCustomPlot;
class QCPGraph;
class QLabel;
class QLineEdit;
class QPushButton;

namespace shnn::ui {

class JobRunner;

class PoincareView : public QWidget {
    Q_OBJECT
public:
    explicit PoincareView(QWidget* parent = nullptr);

    void setResult(const ResultPtr& r);  // sets the default energy and clears the section
    bool run();                          // seeds a row of orbits at the chosen energy
    void cancel();                       // stops the orbits still running; the drawn ones stay
    bool addOrbitAt(double q2, double p2);
    void setEnergy(double e);
    // An energy that the next result keeps even if its system differs (a lesson's).
    void pinEnergy(double e);
    // While a lesson's model trains: no stale error, a note instead.
    void setWaiting(const QString& note);
    double energy() const;
    void setOrbits(int n);
    void setCrossings(int n);

    QCustomPlot* plot() const { return plot_; }
    // Crossing states (q1, q2, p1, p2) of the true and learned flows drawn so far.
    const std::vector<Eigen::VectorXd>& trueCrossings() const { return trueStates_; }
    const std::vector<Eigen::VectorXd>& learnedCrossings() const { return learnedStates_; }
    QString errorText() const;
    QString noteText() const;
    bool busy() const;

signals:
    void sectionShown();

protected:
    void showEvent(QShowEvent* e) override;

private:
    struct Section {
        std::vector<Eigen::VectorXd> truth, learned;
        bool truthLeft = false, learnedLeft = false;  // the flow left the training box early
    };
    void compute(std::vector<std::pair<double, double>> seeds, bool append);
    void addOrbit(const Section& orbit, int done, int total, bool zoom);
    void clearSection();  // no crossings drawn, counts at zero
    void runIfNew();  // the section of a result that has none yet, when the view is on screen
    void showError(const QString& message);
    void redraw();
    void zoomToPoints();

    QLineEdit* energy_ = nullptr;
    QLineEdit* orbits_ = nullptr;
    QLineEdit* crossings_ = nullptr;
    QCheckBox* showTrue_ = nullptr;
    QCheckBox* showLearned_ = nullptr;
    QPushButton* run_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* note_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    QCPGraph* trueGraph_ = nullptr;
    QCPGraph* learnedGraph_ = nullptr;
    JobRunner* job_ = nullptr;
    bool energyPinned_ = false;
    bool lessonWaiting_ = false;  // a lesson runs the section of its result itself
    const TrainingResult* sectionOf_ = nullptr;  // the result the drawn (or running) section belongs to
    ResultPtr result_;
    std::vector<Eigen::VectorXd> trueStates_, learnedStates_;
    int orbitsDrawn_ = 0, truthLeft_ = 0, learnedLeft_ = 0;  // of the section drawn (notes)
};

} // namespace shnn::ui
