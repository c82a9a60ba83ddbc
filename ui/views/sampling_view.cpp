#include "ui/views/sampling_view.h"

#include "core/model/hnn_model.h"
#include "core/sampling/samplers.h"
#include "ui/views/error_heatmap_view.h"
#include "ui/views/plot_style.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <cmath>
#include <limits>
#include <qcustomplot.h>

namespace shnn::ui {

namespace {


// A diverging, colour-blind-safe map for activations in [−1, 1] (PuOr: purple – white – orange).
QCPColorGradient divergingGradient() {
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(45, 0, 75));
    g.setColorStopAt(0.25, QColor(128, 115, 172));
    g.setColorStopAt(0.5, QColor(247, 247, 247));
    g.setColorStopAt(0.75, QColor(224, 130, 20));
    g.setColorStopAt(1.0, QColor(127, 59, 8));
    return g;
}

// Clips the line {x : a·x + c = 0} (2-D) to the box; returns false if it misses the box.
bool clipLine(double ax, double ay, double c, const GridSpec& g, std::array<double, 4>& out) {
    std::vector<std::pair<double, double>> hits;
    auto addIf = [&](double x, double y) {
        const double ex = 1e-9 * (g.x1 - g.x0), ey = 1e-9 * (g.y1 - g.y0);
        if (x >= g.x0 - ex && x <= g.x1 + ex && y >= g.y0 - ey && y <= g.y1 + ey) hits.emplace_back(x, y);
    };
    if (std::abs(ay) > 1e-300) {
        addIf(g.x0, -(c + ax * g.x0) / ay);
        addIf(g.x1, -(c + ax * g.x1) / ay);
    }
    if (std::abs(ax) > 1e-300) {
        addIf(-(c + ay * g.y0) / ax, g.y0);
        addIf(-(c + ay * g.y1) / ax, g.y1);
    }
    if (hits.size() < 2) return false;
    out = {hits[0].first, hits[0].second, hits[1].first, hits[1].second};
    for (const auto& h : hits)  // the two farthest apart
        if (std::hypot(h.first - out[0], h.second - out[1]) > std::hypot(out[2] - out[0], out[3] - out[1])) {
            out[2] = h.first;
            out[3] = h.second;
        }
    return true;
}

double pixelDistanceToSegment(QCustomPlot* plot, const std::array<double, 4>& s, const QPointF& p) {
    const QPointF a(plot->xAxis->coordToPixel(s[0]), plot->yAxis->coordToPixel(s[1]));
    const QPointF b(plot->xAxis->coordToPixel(s[2]), plot->yAxis->coordToPixel(s[3]));
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF d = p - (a + t * ab);
    return std::hypot(d.x(), d.y());
}

} // namespace

SamplingView::SamplingView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    pass_ = new QComboBox(this);
    pass_->addItem(tr("Final hidden layer"));
    pass_->addItem(tr("A-SWIM first pass (uniform U-SWIM placement)"));
    pass_->setToolTip(tr("A-SWIM samples twice: uniformly, then where the first fit's Ĥ is steep"));
    pass_->setEnabled(false);
    top->addWidget(new QLabel(tr("Show:"), this));
    top->addWidget(pass_);
    info_ = new QLabel(tr("Hover over a neuron to read its weights; click to keep it selected."), this);
    info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    top->addWidget(info_, 1);
    layout->addLayout(top);

    auto* grid = new QGridLayout;
    neurons_ = new QCustomPlot(this);
    densityPlot_ = new QCustomPlot(this);
    activation_ = new QCustomPlot(this);
    error_ = new ErrorHeatmapView(this);
    for (QCustomPlot* p : {neurons_, densityPlot_, activation_}) stylePlot(p);
    grid->addWidget(neurons_, 0, 0);
    grid->addWidget(densityPlot_, 0, 1);
    grid->addWidget(activation_, 1, 0);
    grid->addWidget(error_, 1, 1);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);
    layout->addLayout(grid, 1);

    addTitle(neurons_, tr("Training states and each neuron's pair x_a → x_b (or ELM hyperplane)"), 10);
    states_ = neurons_->addGraph();
    states_->setLineStyle(QCPGraph::lsNone);
    states_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, QColor(150, 150, 150), 2.5));
    states_->setName(tr("training states"));
    segments_ = new QCPCurve(neurons_->xAxis, neurons_->yAxis);
    segments_->setPen(QPen(palette::trueColor(), 1.0));
    segments_->setName(tr("neurons"));
    highlight_ = new QCPCurve(neurons_->xAxis, neurons_->yAxis);
    highlight_->setPen(QPen(palette::learnedColor(), 3.0));
    highlight_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, palette::learnedColor(), 8));
    highlight_->setName(tr("selected neuron"));
    neurons_->legend->setVisible(true);
    // On the data it hid the neurons in the top of the box; one entry per line: the plot is narrow.
    placeLegendBelow(neurons_, nullptr, nullptr, 1);

    addTitle(densityPlot_, tr("Sampling density (mean 1)"), 10);
    densityMap_ = addColorMap(densityPlot_, tr("relative density"), viridisGradient());
    addTitle(activation_, tr("Activation tanh(w·x + b) of the selected neuron (at first: the largest |c|)"), 10);
    activationMap_ = addColorMap(activation_, tr("activation"), divergingGradient());
    activationMap_->setDataRange(QCPRange(-1, 1));

    connect(pass_, &QComboBox::currentIndexChanged, this, [this](int i) {
        firstPass_ = i == 1;
        pinned_ = -1;
        redraw();
    });
    connect(neurons_, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
        if (pinned_ < 0) selectNeuron(neuronNear(e->pos()));
    });
    connect(neurons_, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        const int j = neuronNear(e->pos());
        pinned_ = j;
        selectNeuron(j);
    });
}

const HiddenLayer& SamplingView::layer() const {
    return firstPass_ && result_->firstLayer ? *result_->firstLayer : result_->layer;
}

const HnnModel& SamplingView::model() const {
    return firstPass_ && result_->firstModel ? *result_->firstModel : result_->model;
}

void SamplingView::setResult(const ResultPtr& r, const GridValues& grid, const GridValues& firstPassGrid,
                             const QString& xLabel, const QString& yLabel) {
    result_ = r;
    spec_ = grid.spec;
    grid_ = grid;
    firstGrid_ = firstPassGrid;
    xLabel_ = xLabel;
    yLabel_ = yLabel;
    pass_->setEnabled(static_cast<bool>(r->firstLayer));
    if (!r->firstLayer && pass_->currentIndex() != 0) pass_->setCurrentIndex(0);
    firstPass_ = r->firstLayer && pass_->currentIndex() == 1;
    pinned_ = -1;
    for (QCustomPlot* p : {neurons_, densityPlot_, activation_}) {
        p->xAxis->setLabel(xLabel);
        p->yAxis->setLabel(yLabel);
        p->xAxis->setRange(spec_.x0, spec_.x1);
        p->yAxis->setRange(spec_.y0, spec_.y1);
    }
    QVector<double> sx, sy;
    const Eigen::MatrixXd& X = r->train.X;
    const Eigen::Index step = std::max<Eigen::Index>(1, X.rows() / 3000);
    for (Eigen::Index k = 0; k < X.rows(); k += step) {
        sx.push_back(X(k, spec_.slice.ix));
        sy.push_back(X(k, spec_.slice.iy));
    }
    states_->setData(sx, sy);
    redraw();
}

void SamplingView::drawError() {
    const bool first = firstPass_ && firstGrid_.Hhat.size();
    const GridValues& g = first ? firstGrid_ : grid_;
    error_->setGrid(g, result_->train.X, xLabel_, yLabel_);
    if (first) {
        // The first pass's test error is not kept; its error on this grid tells the story.
        const double rel = (g.Hhat - g.H).norm() / std::max(g.H.norm(), 1e-300);
        error_->setTitle(tr("First pass: |Ĥ − H| (grid rel. L2 error %1)").arg(rel, 0, 'e', 1));
    } else {
        error_->setTitle(tr("|Ĥ − H| (rel. L2 error of H %1)").arg(result_->test.relL2H, 0, 'e', 1));
    }
}

void SamplingView::redraw() {
    if (!result_) return;
    drawError();
    const HiddenLayer& L = layer();
    const int ix = spec_.slice.ix, iy = spec_.slice.iy;
    drawn_.clear();
    QVector<double> x, y;
    if (!L.pairs.empty()) {
        const Eigen::MatrixXd& X = result_->train.X;
        for (const auto& [a, b] : L.pairs) drawn_.push_back({X(a, ix), X(a, iy), X(b, ix), X(b, iy)});
        segments_->setName(tr("neuron pairs x_a → x_b (%1)").arg(L.pairs.size()));
    } else {
        // ELM (or a model opened from a file): w·x + b = 0 restricted to the slice: w_ix·u + w_iy·v + (b + Σ_other w_k x_k) = 0.
        const Eigen::VectorXd base = spec_.slice.state(0, 0);
        for (Eigen::Index j = 0; j < L.width(); ++j) {
            const double c = L.b(j) + L.W.row(j).dot(base);
            std::array<double, 4> s{};
            if (clipLine(L.W(j, ix), L.W(j, iy), c, spec_, s)) drawn_.push_back(s);
            else drawn_.push_back({kNaN, kNaN, kNaN, kNaN});
        }
        segments_->setName(tr("hyperplanes w·x + b = 0 crossing the view"));
    }
    for (const auto& s : drawn_) {
        if (!std::isfinite(s[0])) continue;
        x << s[0] << s[2] << kNaN;
        y << s[1] << s[3] << kNaN;
    }
    setCurveData(segments_, x, y);
    QColor pen = palette::trueColor();
    // Hundreds of lines: translucent, so their density reads as shade.
    pen.setAlpha(L.width() > 300 ? 70 : 140);
    segments_->setPen(QPen(pen, 1.0));

    // Density on a 40×40 histogram over the same view.
    GridSpec coarse = spec_;
    coarse.nx = coarse.ny = 24;
    density_ = samplingDensity(L, result_->train.X, coarse);
    densityMap_->data()->setSize(coarse.nx, coarse.ny);
    densityMap_->data()->setRange(QCPRange(density_.spec.x0, density_.spec.x1), QCPRange(density_.spec.y0, density_.spec.y1));
    for (int i = 0; i < coarse.nx; ++i)
        for (int j = 0; j < coarse.ny; ++j) densityMap_->data()->setCell(i, j, density_.density(i, j));
    densityMap_->rescaleDataRange(true);
    auto* title = qobject_cast<QCPTextElement*>(densityPlot_->plotLayout()->element(0, 0));
    title->setText(density_.fromPairs ? tr("Where the pairs' endpoints lie (mean 1; variation %1)").arg(densityVariation(density_), 0, 'f', 2)
                                      : tr("Neurons in their steep part |tanh| < ½ (%1; mean 1)")
                                            .arg(result_->openedFrom.empty() ? tr("ELM has no pairs")
                                                                             : tr("a model file keeps no pairs")));
    // Until the user picks one, show the neuron with the largest output weight |c_j|.
    int strongest = -1;
    const HnnModel& m = model();
    for (int j = 0; j < static_cast<int>(drawn_.size()); ++j)
        if (std::isfinite(drawn_[static_cast<size_t>(j)][0]) && (strongest < 0 || std::abs(m.c(j)) > std::abs(m.c(strongest)))) strongest = j;
    selectNeuron(pinned_ >= 0 ? pinned_ : strongest);
    for (QCustomPlot* p : {neurons_, densityPlot_}) p->replot(QCustomPlot::rpQueuedReplot);
}

int SamplingView::neuronNear(const QPoint& pixel) const {
    int best = -1;
    double bestDistance = 6.0;  // pixels
    for (size_t j = 0; j < drawn_.size(); ++j) {
        if (!std::isfinite(drawn_[j][0])) continue;
        const double d = pixelDistanceToSegment(neurons_, drawn_[j], pixel);
        if (d < bestDistance) {
            bestDistance = d;
            best = static_cast<int>(j);
        }
    }
    return best;
}

void SamplingView::selectNeuron(int j) {
    selected_ = j;
    QVector<double> hx, hy;
    if (result_ && j >= 0 && static_cast<size_t>(j) < drawn_.size()) {
        const auto& s = drawn_[static_cast<size_t>(j)];
        hx << s[0] << s[2];
        hy << s[1] << s[3];
        const HiddenLayer& L = layer();
        const HnnModel& m = model();
        QStringList w;
        for (Eigen::Index i = 0; i < L.W.cols(); ++i) w << QString::number(L.W(j, i), 'g', 4);
        QString text = tr("neuron %1: w = (%2), b = %3, c = %4").arg(j).arg(w.join(", ")).arg(L.b(j), 0, 'g', 4).arg(m.c(j), 0, 'g', 4);
        if (!L.pairs.empty()) text += tr(", pair (%1, %2)").arg(L.pairs[static_cast<size_t>(j)].first).arg(L.pairs[static_cast<size_t>(j)].second);
        info_->setText(text);
        // Its activation over the view.
        const int n = 80;
        activationMap_->data()->setSize(n, n);
        activationMap_->data()->setRange(QCPRange(spec_.x0, spec_.x1), QCPRange(spec_.y0, spec_.y1));
        for (int a = 0; a < n; ++a)
            for (int b = 0; b < n; ++b) {
                const Eigen::VectorXd x = spec_.slice.state(spec_.x0 + (spec_.x1 - spec_.x0) * a / (n - 1),
                                                            spec_.y0 + (spec_.y1 - spec_.y0) * b / (n - 1));
                activationMap_->data()->setCell(a, b, std::tanh(L.W.row(j).dot(x) + L.b(j)));
            }
    } else {
        activationMap_->data()->clear();
        if (result_) info_->setText(tr("Hover over a neuron to read its weights; click to keep it selected."));
    }
    setCurveData(highlight_, hx, hy);
    neurons_->replot(QCustomPlot::rpQueuedReplot);
    activation_->replot(QCustomPlot::rpQueuedReplot);
    emit neuronSelected(j);
}

bool SamplingView::showFirstPass(bool first) {
    if (first && !(result_ && result_->firstLayer)) return false;
    pass_->setCurrentIndex(first ? 1 : 0);
    return true;
}

int SamplingView::segmentCount() const {
    int n = 0;
    for (const auto& s : drawn_) n += std::isfinite(s[0]) ? 1 : 0;
    return n;
}

std::vector<std::pair<Eigen::VectorXd, Eigen::VectorXd>> SamplingView::segmentEndpoints() const {
    std::vector<std::pair<Eigen::VectorXd, Eigen::VectorXd>> out;
    for (const auto& s : drawn_) {
        Eigen::VectorXd a(2), b(2);
        a << s[0], s[1];
        b << s[2], s[3];
        out.emplace_back(a, b);
    }
    return out;
}

QString SamplingView::neuronInfo() const { return info_->text(); }

} // namespace shnn::ui
