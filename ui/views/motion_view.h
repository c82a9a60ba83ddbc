#pragma once
// The Motion view: the physical system moving under the true H (left) and the learned Ĥ
// (right) from the same start on the same clock — the pendulum swinging, the double pendulum's
// two arms, the mass on its spring, predator and prey populations as two bars, the Hénon–Heiles
// particle inside its triangular well, the masses of an FPUT chain; any other system as a point
// moving in a 2-D slice. Both panels draw in the true and learned colours, with a fading trail.
//
// It animates the trajectories the Trajectories view computed (same x(0) and time span),
// interpolating between their samples. A timer runs only while playing, and playing stops at
// the end of the span, so the studio is idle again when nothing moves.
#include "core/integrate/trajectory.h"
#include "ui/views/result_ptr.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QTimer;

namespace shnn::ui {

class MotionCanvas;

class MotionView : public QWidget {
    Q_OBJECT
public:
    explicit MotionView(QWidget* parent = nullptr);

    // The run whose system is drawn and the flows to animate; rewinds and plays when visible.
    void setComparison(const ResultPtr& run, const TrajectoryComparison& c);
    void setTime(double t);  // jumps to time t (pauses)
    double time() const { return t_; }
    double endTime() const;
    bool playing() const;
    void play();
    void pause();
    // The two states drawn now (true, learned), for tests.
    Eigen::VectorXd trueState() const;
    Eigen::VectorXd learnedState() const;
    QString systemDrawn() const;  // how the system is drawn ("pendulum", "double pendulum", ...)

protected:
    void hideEvent(QHideEvent* e) override;

private:
    void tick();
    void refresh();  // the canvas, the slider and the clock at the current time

    MotionCanvas* canvas_ = nullptr;
    QPushButton* play_ = nullptr;
    QPushButton* restart_ = nullptr;
    QComboBox* speed_ = nullptr;
    QSlider* slider_ = nullptr;
    QLabel* clock_ = nullptr;
    QTimer* timer_ = nullptr;
    ResultPtr run_;
    TrajectoryComparison flows_;
    double t_ = 0.0;
    qint64 lastTickMs_ = 0;
};

} // namespace shnn::ui
