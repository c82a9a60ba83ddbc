#include "ui/views/phase_portrait_view.h"

#include "core/analysis/contour.h"
#include "core/model/hnn_model.h"
#include "ui/views/plot_style.h"

#include <QCheckBox>
#include <QVBoxLayout>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

namespace shnn::ui {

namespace {


// All polylines of all levels in one NaN-separated curve: one plottable per style keeps the
// plot fast (hundreds of polylines) and the legend short.
void appendLines(const std::vector<Polyline>& lines, QVector<double>& x, QVector<double>& y) {
    for (const auto& line : lines) {
        if (line.size() < 2) continue;
        for (const auto& p : line) {
            x.push_back(p.x);
            y.push_back(p.y);
        }
        x.push_back(kNaN);
        y.push_back(kNaN);
    }
}

QCPCurve* makeCurve(QCustomPlot* plot, const QPen& pen, const QString& name) {
    auto* c = new QCPCurve(plot->xAxis, plot->yAxis);
    c->setPen(pen);
    c->setName(name);
    c->setLineStyle(QCPCurve::lsLine);
    return c;
}

int countFinite(QCPCurve* c) {
    int n = 0;
    for (auto it = c->data()->constBegin(); it != c->data()->constEnd(); ++it)
        if (std::isfinite(it->key) && std::isfinite(it->value)) ++n;
    return n;
}

} // namespace

PhasePortraitView::PhasePortraitView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_ = new QCustomPlot(this);
    stylePlot(plot_);
    layout->addWidget(plot_, 1);
    arrows_ = new QCheckBox(tr("Show the learned vector field (arrows)"), this);
    arrows_->setToolTip(tr("Arrows of (q̇, ṗ) = (∂Ĥ/∂p, −∂Ĥ/∂q) on a 21×21 grid, scaled to the longest"));
    layout->addWidget(arrows_);

    // True: solid, wide, blue; learned: dashed, narrower, vermillion, on top. Where the two
    // agree the dashes run along the blue line, where they differ they leave it. The orbits
    // of a clicked state are the same pair of styles, wider.
    trueContours_ = makeCurve(plot_, truePen(2.2), tr("level sets of H (true)"));
    learnedContours_ = makeCurve(plot_, learnedPen(1.5), tr("level sets of Ĥ (learned), same levels"));
    arrowCurve_ = makeCurve(plot_, QPen(palette::mutedColor(), 1.0), tr("learned vector field"));
    trueOrbit_ = makeCurve(plot_, truePen(4.0), tr("true orbit"));
    learnedOrbit_ = makeCurve(plot_, learnedPen(2.6), tr("learned orbit"));
    title_ = addTitle(plot_);
    for (QCPCurve* c : {arrowCurve_, trueOrbit_, learnedOrbit_}) c->removeFromLegend();
    placeLegendBelow(plot_);
    plot_->xAxis->setLabel("q");
    plot_->yAxis->setLabel("p");

    connect(arrows_, &QCheckBox::toggled, this, [this] { updateArrows(); });
    connect(plot_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) { pressPos_ = e->pos(); });
    connect(plot_, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        if (!haveGrid_ || e->button() != Qt::LeftButton) return;
        if ((e->pos() - pressPos_).manhattanLength() > 4) return;  // that was a drag (pan)
        const double x = plot_->xAxis->pixelToCoord(e->pos().x()), y = plot_->yAxis->pixelToCoord(e->pos().y());
        emit stateClicked(x, y);
    });
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        if (haveGrid_)
            emit hovered(plot_->xAxis->pixelToCoord(e->pos().x()), plot_->yAxis->pixelToCoord(e->pos().y()));
    });
}

void PhasePortraitView::setGrid(const GridValues& grid, const QString& xLabel, const QString& yLabel) {
    spec_ = grid.spec;
    haveGrid_ = true;
    const std::vector<double> levels = contourLevels(grid.H, 14);
    QVector<double> tx, ty, lx, ly;
    for (double level : levels) {
        appendLines(contourLines(grid.H, grid.spec, level), tx, ty);
        if (grid.Hhat.size()) appendLines(contourLines(grid.Hhat, grid.spec, level), lx, ly);
    }
    setCurveData(trueContours_, tx, ty);
    setCurveData(learnedContours_, lx, ly);
    plot_->xAxis->setLabel(xLabel);
    plot_->yAxis->setLabel(yLabel);
    plot_->xAxis->setRange(grid.spec.x0, grid.spec.x1);
    plot_->yAxis->setRange(grid.spec.y0, grid.spec.y1);
    updateArrows();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void PhasePortraitView::setTitle(const QString& title) {
    title_->setText(title);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void PhasePortraitView::updateArrows() {
    QVector<double> x, y;
    if (arrows_->isChecked() && model_ && !model_->empty() && haveGrid_ && model_->dim() == static_cast<int>(spec_.slice.fixed.size())) {
        const int n = 21;
        const double dx = (spec_.x1 - spec_.x0) / n, dy = (spec_.y1 - spec_.y0) / n;
        std::vector<std::array<double, 4>> arrows;
        double longest = 0;
        std::vector<double> field(static_cast<size_t>(model_->dim()));
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j) {
                const double px = spec_.x0 + (i + 0.5) * dx, py = spec_.y0 + (j + 0.5) * dy;
                const Eigen::VectorXd s = spec_.slice.state(px, py);
                model_->vectorField(s.data(), field.data());
                // Length in units of a cell, so both axes count alike.
                const double u = field[static_cast<size_t>(spec_.slice.ix)] / dx, v = field[static_cast<size_t>(spec_.slice.iy)] / dy;
                longest = std::max(longest, std::hypot(u, v));
                arrows.push_back({px, py, u, v});
            }
        for (const auto& a : arrows) {
            if (longest <= 0 || !std::isfinite(longest)) break;
            const double scale = 0.85 / longest;
            const double ux = a[2] * scale, vy = a[3] * scale;  // in cells
            const double len = std::hypot(ux, vy);
            if (len < 1e-3) continue;
            const double ex = a[0] + ux * dx, ey = a[1] + vy * dy;
            x << a[0] << ex << kNaN;
            y << a[1] << ey << kNaN;
            // Arrowhead: two short strokes at ±25° back from the tip.
            for (double sgn : {-1.0, 1.0}) {
                const double ang = std::atan2(vy, ux) + M_PI + sgn * 0.45;
                const double h = std::min(0.3, 0.35 * len);
                x << ex << ex + h * std::cos(ang) * dx << kNaN;
                y << ey << ey + h * std::sin(ang) * dy << kNaN;
            }
        }
    }
    setCurveData(arrowCurve_, x, y);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void PhasePortraitView::setOrbits(const TrajectoryComparison& c, int ix, int iy) {
    auto project = [&](const Eigen::MatrixXd& states, QCPCurve* curve) {
        QVector<double> x, y;
        for (Eigen::Index k = 0; k < states.rows(); ++k) {
            x.push_back(states(k, ix));
            y.push_back(states(k, iy));
        }
        setCurveData(curve, x, y);
    };
    project(c.truth.states, trueOrbit_);
    project(c.learned.states, learnedOrbit_);
    const bool projected = c.truth.states.cols() > 2;
    trueOrbit_->setName(projected ? tr("true orbit (projected)") : tr("true orbit"));
    learnedOrbit_->setName(projected ? tr("learned orbit (projected)") : tr("learned orbit"));
    for (QCPCurve* curve : {trueOrbit_, learnedOrbit_})
        if (!plot_->legend->hasItemWithPlottable(curve)) curve->addToLegend();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void PhasePortraitView::clearOrbits() {
    trueOrbit_->data()->clear();
    learnedOrbit_->data()->clear();
    trueOrbit_->removeFromLegend();
    learnedOrbit_->removeFromLegend();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void PhasePortraitView::clear() {
    for (QCPCurve* c : {trueContours_, learnedContours_, arrowCurve_}) c->data()->clear();
    clearOrbits();
    haveGrid_ = false;
}

int PhasePortraitView::trueContourPoints() const { return countFinite(trueContours_); }
int PhasePortraitView::learnedContourPoints() const { return countFinite(learnedContours_); }
int PhasePortraitView::orbitPoints() const { return countFinite(trueOrbit_) + countFinite(learnedOrbit_); }
int PhasePortraitView::arrowSegments() const { return countFinite(arrowCurve_) / 2; }

} // namespace shnn::ui
