#include "ui/views/error_heatmap_view.h"

#include "ui/views/plot_style.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace shnn::ui {

namespace {
// Errors below this are indistinguishable from rounding; clamping keeps log scales finite.
constexpr double kFloor = 1e-16;
} // namespace

ErrorHeatmapView::ErrorHeatmapView(QWidget* parent, bool lockable) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    plot_ = new QCustomPlot(this);
    stylePlot(plot_);
    layout->addWidget(plot_, 1);
    showPoints_ = new QCheckBox(tr("Show the training states"), this);
    showPoints_->setChecked(true);
    auto* options = new QHBoxLayout;
    options->addWidget(showPoints_);
    lock_ = new QCheckBox(tr("Lock the colour scale (compare runs)"), this);
    lock_->setToolTip(tr("Keep the present colours for the next runs, so a run with a 1000× smaller error looks darker "
                         "instead of being rescaled to look the same"));
    lock_->setVisible(lockable);
    options->addWidget(lock_);
    options->addStretch(1);
    layout->addLayout(options);

    title_ = addTitle(plot_);
    map_ = addColorMap(plot_, tr("|Ĥ − H| (log scale)"), viridisGradient());
    map_->setName(tr("|Ĥ − H|"));
    scale_ = map_->colorScale();
    scale_->axis()->setScaleType(QCPAxis::stLogarithmic);
    scale_->axis()->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    scale_->axis()->setNumberFormat("eb");
    scale_->axis()->setNumberPrecision(0);
    map_->setDataScaleType(QCPAxis::stLogarithmic);

    points_ = plot_->addGraph();
    points_->setLineStyle(QCPGraph::lsNone);
    points_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QPen(QColor(40, 40, 40, 200), 0.5),
                                             QBrush(QColor(255, 255, 255, 230)), 2.5));
    points_->setName(tr("training states"));
    map_->removeFromLegend();
    placeLegendBelow(plot_);
    connect(lock_, &QCheckBox::toggled, this, [this](bool on) {
        if (on) {
            const QCPRange r = map_->dataRange();
            fixedRange_ = {r.lower, r.upper};
        } else {
            setErrorRange(0, 0);
        }
    });
    connect(showPoints_, &QCheckBox::toggled, this, [this](bool on) {
        points_->setVisible(on);
        plot_->replot(QCustomPlot::rpQueuedReplot);
    });
    connect(plot_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        if (haveGrid_) emit hovered(plot_->xAxis->pixelToCoord(e->pos().x()), plot_->yAxis->pixelToCoord(e->pos().y()));
    });
}

void ErrorHeatmapView::setGrid(const GridValues& grid, const Eigen::MatrixXd& trainStates, const QString& xLabel,
                               const QString& yLabel) {
    const GridSpec& g = grid.spec;
    map_->data()->setSize(g.nx, g.ny);
    map_->data()->setRange(QCPRange(g.x0, g.x1), QCPRange(g.y0, g.y1));
    std::vector<double> all;
    all.reserve(static_cast<size_t>(g.nx) * g.ny);
    for (int i = 0; i < g.nx; ++i)
        for (int j = 0; j < g.ny; ++j) {
            double e = grid.Hhat.size() ? std::abs(grid.Hhat(i, j) - grid.H(i, j)) : kFloor;
            if (!std::isfinite(e)) e = 1e300;
            e = std::max(e, kFloor);
            map_->data()->setCell(i, j, e);
            all.push_back(e);
        }
    // The error crosses zero along curves, so a few cells are arbitrarily small: start the
    // colour scale at the 1st percentile so those do not wash out the picture.
    std::sort(all.begin(), all.end());
    const double lo = all[all.size() / 100], hi = all.back();
    range_ = {lo, hi};
    if (fixedRange_.second > fixedRange_.first) map_->setDataRange(QCPRange(fixedRange_.first, fixedRange_.second));
    else map_->setDataRange(QCPRange(lo, std::max(hi, lo * 10)));

    QVector<double> px, py;
    const int ix = g.slice.ix, iy = g.slice.iy;
    const Eigen::Index step = std::max<Eigen::Index>(1, trainStates.rows() / 2000);  // at most ~2000 dots
    for (Eigen::Index k = 0; k < trainStates.rows(); k += step) {
        px.push_back(trainStates(k, ix));
        py.push_back(trainStates(k, iy));
    }
    points_->setData(px, py);
    points_->setName(trainStates.cols() > 2 ? tr("training states (projected)") : tr("training states"));
    plot_->xAxis->setLabel(xLabel);
    plot_->yAxis->setLabel(yLabel);
    plot_->xAxis->setRange(g.x0, g.x1);
    plot_->yAxis->setRange(g.y0, g.y1);
    haveGrid_ = true;
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

QString ErrorHeatmapView::title() const { return title_ ? title_->text() : QString(); }

void ErrorHeatmapView::setTitle(const QString& title) {
    title_->setText(title);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ErrorHeatmapView::setErrorRange(double lo, double hi) {
    fixedRange_ = {lo, hi};
    if (hi > lo) map_->setDataRange(QCPRange(lo, hi));
    else if (haveGrid_) map_->setDataRange(QCPRange(range_.first, std::max(range_.second, range_.first * 10)));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void ErrorHeatmapView::clear() {
    map_->data()->clear();
    points_->data()->clear();
    haveGrid_ = false;
}

int ErrorHeatmapView::trainingPointsShown() const { return points_->visible() ? points_->dataCount() : 0; }

double ErrorHeatmapView::cell(int i, int j) const { return map_->data()->cell(i, j); }

} // namespace shnn::ui
