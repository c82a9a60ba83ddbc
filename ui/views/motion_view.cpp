#include "ui/views/motion_view.h"

#include "core/analysis/contour.h"
#include "core/analysis/grid.h"
#include "core/systems/system.h"
#include "ui/views/plot_style.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

namespace shnn::ui {

// What the canvas draws (a member of MotionCanvas, so not in the anonymous namespace).
enum class MotionDrawing { Pendulum, DoublePendulum, Spring, Populations, Well, Chain, Point };

namespace {

// The state at time t along a sampled trajectory (linear between samples; the samples are
// dense: 1000 per span).
Eigen::VectorXd stateAt(const Trajectory& flow, double t) {
    const Eigen::Index n = flow.states.rows();
    if (n == 0) return {};
    if (t <= flow.t.front() || n == 1) return flow.states.row(0).transpose();
    if (t >= flow.t[static_cast<size_t>(n - 1)]) return flow.states.row(n - 1).transpose();
    const auto it = std::upper_bound(flow.t.begin(), flow.t.begin() + n, t);
    const Eigen::Index k = std::max<Eigen::Index>(1, it - flow.t.begin());
    const double t0 = flow.t[static_cast<size_t>(k - 1)], t1 = flow.t[static_cast<size_t>(k)];
    const double a = t1 > t0 ? (t - t0) / (t1 - t0) : 0.0;
    return ((1 - a) * flow.states.row(k - 1) + a * flow.states.row(k)).transpose();
}

MotionDrawing drawingFor(const HamiltonianSystem& sys) {
    const std::string n = sys.name();
    if (n == "single_pendulum") return MotionDrawing::Pendulum;
    if (n == "double_pendulum") return MotionDrawing::DoublePendulum;
    if (n == "spring") return MotionDrawing::Spring;
    if (n == "lotka_volterra") return MotionDrawing::Populations;
    if (n == "henon_heiles") return MotionDrawing::Well;
    if (n == "fput_chain") return MotionDrawing::Chain;
    return MotionDrawing::Point;
}

QString drawingName(MotionDrawing d) {
    switch (d) {
    case MotionDrawing::Pendulum: return "pendulum";
    case MotionDrawing::DoublePendulum: return "double pendulum";
    case MotionDrawing::Spring: return "spring";
    case MotionDrawing::Populations: return "populations";
    case MotionDrawing::Well: return "potential well";
    case MotionDrawing::Chain: return "chain";
    case MotionDrawing::Point: return "point in a slice";
    }
    return {};
}

} // namespace

// Paints the two panels. World coordinates are mapped into each panel's square with y up.
class MotionCanvas : public QWidget {
public:
    explicit MotionCanvas(QWidget* parent) : QWidget(parent) {
        setMinimumSize(480, 300);
        setAttribute(Qt::WA_OpaquePaintEvent);
    }

    void setRun(const ResultPtr& run, const TrajectoryComparison* flows) {
        run_ = run;
        flows_ = flows;
        if (!run_) return;
        drawing_ = drawingFor(*run_->system);
        extent_ = worldExtent();
        wellLines_.clear();
        if (drawing_ == MotionDrawing::Well) buildWell();
    }
    void setTime(double t) {
        t_ = t;
        QWidget::update();
    }
    MotionDrawing drawing() const { return drawing_; }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.fillRect(rect(), Qt::white);
        if (!run_ || !flows_ || flows_->truth.states.rows() == 0) {
            p.setPen(palette::mutedColor());
            p.drawText(rect(), Qt::AlignCenter, tr("Train a model: the true and the learned system will move here."));
            return;
        }
        const int w = width() / 2;
        const QFont base = font();
        QFont titleFont = base;
        titleFont.setPointSizeF(base.pointSizeF() * 1.25 * zoom());
        titleFont.setBold(true);
        for (int side = 0; side < 2; ++side) {
            const QRect panel(side * w + 8, 8, w - 16, height() - 16);
            const bool learned = side == 1;
            const Trajectory& flow = learned ? flows_->learned : flows_->truth;
            p.setPen(QPen(QColor(220, 220, 220), 1));
            p.setBrush(Qt::NoBrush);
            p.drawRect(panel);
            p.setFont(titleFont);
            p.setPen(learned ? palette::learnedColor() : palette::trueColor());
            p.drawText(panel.adjusted(8, 6, -8, 0), Qt::AlignTop | Qt::AlignHCenter,
                       learned ? tr("learned Ĥ (network)") : tr("true H"));
            p.setFont(base);
            const QRect area = panel.adjusted(12, 40, -12, -12);
            // Behind the learned system, the true one as a faint ghost: the difference in one place.
            if (learned) paintSystem(p, area, flows_->truth, false, true);
            paintSystem(p, area, flow, learned);
        }
    }

private:
    // The world box drawn in each panel (x0, x1, y0, y1), from the system and the flows.
    std::array<double, 4> worldExtent() const {
        const HamiltonianSystem& sys = *run_->system;
        switch (drawing_) {
        case MotionDrawing::Pendulum: {
            const double l = sys.param("l");
            return {-1.25 * l, 1.25 * l, -1.25 * l, 1.25 * l};
        }
        case MotionDrawing::DoublePendulum: {
            const double L = sys.param("l1") + sys.param("l2");
            return {-1.15 * L, 1.15 * L, -1.15 * L, 1.15 * L};
        }
        case MotionDrawing::Spring:
        case MotionDrawing::Populations:
        case MotionDrawing::Chain: return {0, 1, 0, 1};
        case MotionDrawing::Well:
        case MotionDrawing::Point: {
            // The orbit's own range (both flows), padded, with equal scales.
            // Coordinates 0 and 1: (q, p) for one degree of freedom, (q1, q2) for more.
            const int ix = 0, iy = 1;
            double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
            for (const Trajectory* flow : {&flows_->truth, &flows_->learned})
                for (Eigen::Index k = 0; k < flow->states.rows(); ++k) {
                    x0 = std::min(x0, flow->states(k, ix));
                    x1 = std::max(x1, flow->states(k, ix));
                    y0 = std::min(y0, flow->states(k, iy));
                    y1 = std::max(y1, flow->states(k, iy));
                }
            const double half = 0.6 * std::max({x1 - x0, y1 - y0, 1e-6});
            const double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1);
            return {cx - half, cx + half, cy - half, cy + half};
        }
        }
        return {0, 1, 0, 1};
    }

    // Hénon–Heiles: the equipotential V = E of the orbit's energy bounds where it can go.
    void buildWell() {
        const HamiltonianSystem& sys = *run_->system;
        const Eigen::VectorXd x0 = flows_->truth.states.row(0).transpose();
        const double E = sys.H(x0.data());
        GridSpec spec;
        spec.x0 = extent_[0];
        spec.x1 = extent_[1];
        spec.y0 = extent_[2];
        spec.y1 = extent_[3];
        spec.nx = spec.ny = 120;
        Eigen::MatrixXd V(spec.nx, spec.ny);
        Eigen::VectorXd x = Eigen::VectorXd::Zero(4);
        for (int i = 0; i < spec.nx; ++i)
            for (int j = 0; j < spec.ny; ++j) {
                x << spec.x(i), spec.y(j), 0.0, 0.0;
                V(i, j) = sys.H(x.data());  // p = 0: the potential
            }
        wellLines_ = contourLines(V, spec, E);
        wellEnergy_ = E;
    }

    QPointF map(const QRect& area, double x, double y) const {
        const double s = std::min(area.width() / (extent_[1] - extent_[0]), area.height() / (extent_[3] - extent_[2]));
        const double cx = area.center().x(), cy = area.center().y();
        return {cx + s * (x - 0.5 * (extent_[0] + extent_[1])), cy - s * (y - 0.5 * (extent_[2] + extent_[3]))};
    }

    void paintSystem(QPainter& p, const QRect& area, const Trajectory& flow, bool learned, bool ghost = false) {
        QColor c = learned ? palette::learnedColor() : palette::trueColor();
        if (ghost) c.setAlpha(70);
        const double z = zoom();
        const Eigen::VectorXd x = stateAt(flow, t_);
        if (x.size() == 0) return;
        const HamiltonianSystem& sys = *run_->system;
        QPen rod(QColor(60, 60, 60, ghost ? 50 : 255), 3.0 * z);
        auto bob = [&](QPointF at, double r) {
            p.setPen(ghost ? Qt::NoPen : QPen(c.darker(130), 1.5 * z));
            p.setBrush(c);
            p.drawEllipse(at, r * z, r * z);
        };
        // A fading trail of the last two time units.
        auto trail = [&](const std::function<QPointF(const Eigen::VectorXd&)>& where) {
            if (ghost) return;
            QColor tc = c;
            const int steps = 60;
            for (int k = steps; k >= 1; --k) {
                const double ta = t_ - 2.0 * k / steps, tb = t_ - 2.0 * (k - 1) / steps;
                if (tb <= 0) continue;
                tc.setAlpha(static_cast<int>(200.0 * (steps - k + 1) / steps));
                p.setPen(QPen(tc, (learned ? 2.0 : 2.6) * z, learned ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap));
                p.drawLine(where(stateAt(flow, std::max(0.0, ta))), where(stateAt(flow, tb)));
            }
        };
        switch (drawing_) {
        case MotionDrawing::Pendulum: {
            const double l = sys.param("l"), f = sys.param("f");
            auto tip = [&](const Eigen::VectorXd& s) { return map(area, l * std::sin(f * s(0)), -l * std::cos(f * s(0))); };
            trail(tip);
            p.setPen(rod);
            p.drawLine(map(area, 0, 0), tip(x));
            p.setBrush(QColor(60, 60, 60));
            p.drawEllipse(map(area, 0, 0), 4 * z, 4 * z);
            bob(tip(x), 14);
            break;
        }
        case MotionDrawing::DoublePendulum: {
            const double l1 = sys.param("l1"), l2 = sys.param("l2");
            auto first = [&](const Eigen::VectorXd& s) { return map(area, l1 * std::sin(s(0)), -l1 * std::cos(s(0))); };
            auto second = [&](const Eigen::VectorXd& s) {
                return map(area, l1 * std::sin(s(0)) + l2 * std::sin(s(1)), -l1 * std::cos(s(0)) - l2 * std::cos(s(1)));
            };
            trail(second);
            p.setPen(rod);
            p.drawLine(map(area, 0, 0), first(x));
            p.drawLine(first(x), second(x));
            p.setBrush(QColor(60, 60, 60));
            p.drawEllipse(map(area, 0, 0), 4 * z, 4 * z);
            bob(first(x), 11);
            bob(second(x), 11);
            break;
        }
        case MotionDrawing::Spring: {
            // A wall at the left, the spring, the mass; q = 0 is the rest length.
            const double span = std::max(1e-9, maxAbs(0));
            const double rest = 0.5, scale = 0.3 / span;
            const double mx = rest + scale * x(0);
            p.setPen(QPen(QColor(60, 60, 60), 4 * z));
            p.drawLine(map(area, 0.05, 0.3), map(area, 0.05, 0.7));
            QPainterPath coil;
            const int turns = 12;
            coil.moveTo(map(area, 0.05, 0.5));
            for (int k = 1; k <= 2 * turns; ++k) {
                const double u = 0.05 + (mx - 0.1 - 0.05) * k / (2 * turns);
                coil.lineTo(map(area, u, 0.5 + (k % 2 ? 0.06 : -0.06)));
            }
            coil.lineTo(map(area, mx - 0.08, 0.5));
            p.setPen(QPen(QColor(60, 60, 60), 2 * z));
            p.setBrush(Qt::NoBrush);
            p.drawPath(coil);
            p.setPen(QPen(c.darker(130), 1.5 * z));
            p.setBrush(c);
            const QPointF a = map(area, mx - 0.08, 0.58), b = map(area, mx + 0.08, 0.42);
            p.drawRect(QRectF(a, b));
            p.setPen(QPen(palette::mutedColor(), 1, Qt::DotLine));
            p.drawLine(map(area, rest, 0.3), map(area, rest, 0.7));
            break;
        }
        case MotionDrawing::Populations: {
            // q = log(prey), p = log(predators): two bars on a common scale.
            const double top = std::max(maxExp(0), maxExp(1));
            const double prey = std::exp(x(0)) / top, predators = std::exp(x(1)) / top;
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawRect(QRectF(map(area, 0.2, 0.1 + 0.8 * prey), map(area, 0.4, 0.1)));
            QColor c2 = c;
            c2.setAlpha(140);
            p.setBrush(c2);
            p.drawRect(QRectF(map(area, 0.6, 0.1 + 0.8 * predators), map(area, 0.8, 0.1)));
            p.setPen(QPen(QColor(60, 60, 60), 1.5 * z));
            p.drawLine(map(area, 0.1, 0.1), map(area, 0.9, 0.1));
            p.drawText(QRectF(map(area, 0.15, 0.08), map(area, 0.45, 0.0)), Qt::AlignHCenter | Qt::AlignTop, tr("prey e^q"));
            p.drawText(QRectF(map(area, 0.55, 0.08), map(area, 0.85, 0.0)), Qt::AlignHCenter | Qt::AlignTop,
                       tr("predators e^p"));
            break;
        }
        case MotionDrawing::Well: {
            p.setPen(QPen(palette::mutedColor(), 1.5 * z));
            for (const auto& line : wellLines_)
                for (size_t k = 1; k < line.size(); ++k)
                    p.drawLine(map(area, line[k - 1].x, line[k - 1].y), map(area, line[k].x, line[k].y));
            auto at = [&](const Eigen::VectorXd& s) { return map(area, s(0), s(1)); };
            trail(at);
            // A five-pointed star at the particle.
            QPolygonF star;
            const QPointF o = at(x);
            for (int k = 0; k < 10; ++k) {
                const double r = (k % 2 ? 5.5 : 13.0) * z, a = -M_PI / 2 + k * M_PI / 5;
                star << QPointF(o.x() + r * std::cos(a), o.y() + r * std::sin(a));
            }
            p.setPen(QPen(c.darker(140), 1.2 * z));
            p.setBrush(c);
            p.drawPolygon(star);
            break;
        }
        case MotionDrawing::Chain: {
            const int n = static_cast<int>(x.size() / 2);
            const double span = std::max(1e-9, maxAbsAll(n));
            const double gap = 1.0 / (n + 1), scale = 0.35 * gap / span;
            auto pos = [&](int i) { return gap * (i + 1) + scale * x(i); };
            p.setPen(QPen(QColor(60, 60, 60), 4 * z));
            p.drawLine(map(area, 0, 0.35), map(area, 0, 0.65));
            p.drawLine(map(area, 1, 0.35), map(area, 1, 0.65));
            p.setPen(QPen(QColor(90, 90, 90), 1.5 * z));
            double prev = 0;
            for (int i = 0; i <= n; ++i) {
                const double next = i < n ? pos(i) : 1.0;
                p.drawLine(map(area, prev, 0.5), map(area, next, 0.5));
                prev = next;
            }
            for (int i = 0; i < n; ++i) bob(map(area, pos(i), 0.5), std::max(4.0, 12.0 - n * 0.5));
            break;
        }
        case MotionDrawing::Point: {
            const int iy = 1;  // (q, p) for one degree of freedom, (q1, q2) for more
            auto at = [&](const Eigen::VectorXd& s) { return map(area, s(0), s(iy)); };
            trail(at);
            bob(at(x), 9);
            const auto names = sys.coordinateNames();
            p.setPen(palette::mutedColor());
            p.drawText(area.adjusted(4, 4, -4, -4), Qt::AlignBottom | Qt::AlignLeft,
                       tr("horizontal %1, vertical %2").arg(QString::fromStdString(names[0]), QString::fromStdString(names[static_cast<size_t>(iy)])));
            break;
        }
        }
    }

    double maxAbs(int col) const {
        double m = 0;
        for (const Trajectory* flow : {&flows_->truth, &flows_->learned})
            for (Eigen::Index k = 0; k < flow->states.rows(); ++k) m = std::max(m, std::abs(flow->states(k, col)));
        return m;
    }
    double maxAbsAll(int cols) const {
        double m = 0;
        for (int c = 0; c < cols; ++c) m = std::max(m, maxAbs(c));
        return m;
    }
    double maxExp(int col) const {
        double m = 1e-300;
        for (const Trajectory* flow : {&flows_->truth, &flows_->learned})
            for (Eigen::Index k = 0; k < flow->states.rows(); ++k) m = std::max(m, std::exp(flow->states(k, col)));
        return m;
    }

    ResultPtr run_;
    const TrajectoryComparison* flows_ = nullptr;
    MotionDrawing drawing_ = MotionDrawing::Point;
    std::array<double, 4> extent_{0, 1, 0, 1};
    std::vector<Polyline> wellLines_;
    double wellEnergy_ = 0;
    double t_ = 0;
};

MotionView::MotionView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* controls = new QHBoxLayout;
    play_ = new QPushButton(tr("Play"), this);
    play_->setToolTip(tr("Play or pause the motion (Space while the view has focus)"));
    play_->setShortcut(QKeySequence(Qt::Key_Space));
    restart_ = new QPushButton(tr("Restart"), this);
    speed_ = new QComboBox(this);
    for (double s : {0.25, 0.5, 1.0, 2.0, 4.0}) speed_->addItem(QString("%1×").arg(s), s);
    speed_->setCurrentIndex(2);
    speed_->setToolTip(tr("Simulated time units per second of wall-clock time"));
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(0, 1000);
    clock_ = new QLabel(this);
    clock_->setMinimumWidth(260);
    controls->addWidget(play_);
    controls->addWidget(restart_);
    controls->addWidget(new QLabel(tr("speed"), this));
    controls->addWidget(speed_);
    controls->addWidget(slider_, 1);
    controls->addWidget(clock_);
    layout->addLayout(controls);
    auto* note = new QLabel(tr("Both start from the Trajectories view's x(0) (click the phase portrait to choose one) and "
                               "share one clock: where the learned system drifts from the true one, you see it here."),
                            this);
    note->setWordWrap(true);
    note->setProperty("role", "note");
    layout->addWidget(note);
    canvas_ = new MotionCanvas(this);
    layout->addWidget(canvas_, 1);
    timer_ = new QTimer(this);
    timer_->setInterval(33);

    connect(timer_, &QTimer::timeout, this, &MotionView::tick);
    connect(play_, &QPushButton::clicked, this, [this] { playing() ? pause() : play(); });
    connect(restart_, &QPushButton::clicked, this, [this] {
        setTime(0);
        play();
    });
    connect(slider_, &QSlider::sliderMoved, this, [this](int v) { setTime(endTime() * v / 1000.0); });
    refresh();
}

void MotionView::setComparison(const ResultPtr& run, const TrajectoryComparison& c) {
    run_ = run;
    flows_ = c;
    canvas_->setRun(run_, &flows_);
    t_ = 0;
    refresh();
    if (isVisible()) play();
}

double MotionView::endTime() const { return flows_.truth.t.empty() ? 0.0 : flows_.truth.t.back(); }
bool MotionView::playing() const { return timer_->isActive(); }

void MotionView::play() {
    if (!run_ || endTime() <= 0) return;
    if (t_ >= endTime()) t_ = 0;
    lastTickMs_ = QDateTime::currentMSecsSinceEpoch();
    timer_->start();
    play_->setText(tr("Pause"));
}

void MotionView::pause() {
    timer_->stop();
    play_->setText(tr("Play"));
}

void MotionView::setTime(double t) {
    pause();
    t_ = std::clamp(t, 0.0, endTime());
    refresh();
}

void MotionView::hideEvent(QHideEvent* e) {
    pause();  // nothing animates off screen
    QWidget::hideEvent(e);
}

void MotionView::tick() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    t_ += speed_->currentData().toDouble() * (now - lastTickMs_) / 1000.0;
    lastTickMs_ = now;
    if (t_ >= endTime()) {
        t_ = endTime();
        pause();
    }
    refresh();
}

void MotionView::refresh() {
    canvas_->setTime(t_);
    const QSignalBlocker block(slider_);
    slider_->setValue(endTime() > 0 ? static_cast<int>(1000 * t_ / endTime()) : 0);
    if (!run_) {
        clock_->setText(tr("no motion yet"));
        return;
    }
    const Eigen::VectorXd a = trueState(), b = learnedState();
    clock_->setText(tr("t = %1 of %2    |x − x̂| = %3")
                        .arg(t_, 0, 'f', 2)
                        .arg(endTime(), 0, 'f', 1)
                        .arg(a.size() == b.size() && a.size() ? (a - b).norm() : 0.0, 0, 'e', 2));
}

Eigen::VectorXd MotionView::trueState() const { return stateAt(flows_.truth, t_); }
Eigen::VectorXd MotionView::learnedState() const { return stateAt(flows_.learned, t_); }
QString MotionView::systemDrawn() const { return run_ ? drawingName(canvas_->drawing()) : QString(); }

} // namespace shnn::ui
