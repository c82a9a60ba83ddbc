#include "ui/views/trajectory_view.h"

#include "core/systems/domain.h"
#include "core/systems/system.h"

#include "core/text/parse.h"
#include "ui/views/plot_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <qcustomplot.h>
#include <stdexcept>

namespace shnn::ui {

namespace {

QCPAxisRect* addRect(QCustomPlot* plot, int row, const QString& yLabel, QCPMarginGroup* group) {
    auto* rect = row == 0 ? plot->axisRect() : new QCPAxisRect(plot);
    if (row > 0) plot->plotLayout()->addElement(row, 0, rect);
    rect->axis(QCPAxis::atLeft)->setLabel(yLabel);
    rect->axis(QCPAxis::atBottom)->setLabel("t");
    rect->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    rect->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    rect->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    return rect;
}

QCPGraph* addLine(QCustomPlot* plot, QCPAxisRect* rect, const QColor& color, Qt::PenStyle style, const QString& name) {
    QCPGraph* g = plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
    QPen pen = style == Qt::SolidLine ? truePen(2.4) : learnedPen(1.6);
    if (style == Qt::DotLine) pen = QPen(color, 1.6, Qt::DotLine);
    pen.setColor(color);
    g->setPen(pen);
    g->setName(name);
    return g;
}

} // namespace

TrajectoryRequest exampleTrajectory(const HamiltonianSystem& sys, const Domain& box) {
    TrajectoryRequest r;
    const auto x = sys.exampleState();
    r.x0 = Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
    for (int i = 0; i < box.dim() && i < r.x0.size(); ++i)
        r.x0(i) = std::clamp(r.x0(i), box.intervals[static_cast<size_t>(i)].lo, box.intervals[static_cast<size_t>(i)].hi);
    r.tEnd = sys.exampleDuration();
    r.samples = 1001;
    return r;
}

TrajectoryView::TrajectoryView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* controls = new QHBoxLayout;
    x0_ = new QLineEdit(this);
    x0_->setToolTip(tr("Initial state, comma separated: q1..qd, p1..pd ('pi' works). Or click on the phase portrait."));
    x0_->setAccessibleName(tr("Initial state"));
    tEnd_ = new QLineEdit(this);
    tEnd_->setAccessibleName(tr("Time span"));
    tEnd_->setMaximumWidth(80);
    samples_ = new QLineEdit(this);
    samples_->setAccessibleName(tr("Samples"));
    samples_->setMaximumWidth(80);
    run_ = new QPushButton(tr("Integrate"), this);
    controls->addWidget(new QLabel(tr("x(0)"), this));
    controls->addWidget(x0_, 2);
    controls->addWidget(new QLabel(tr("t end"), this));
    controls->addWidget(tEnd_);
    controls->addWidget(new QLabel(tr("samples"), this));
    controls->addWidget(samples_);
    controls->addWidget(run_);
    layout->addLayout(controls);
    // The integrator, and the structure comparison (paper §4.7): the same hidden layer fitted
    // to ẋ directly (an S-MLP) keeps no energy.
    auto* methodRow = new QHBoxLayout;
    integrator_box_ = new QComboBox(this);
    integrator_box_->addItem(tr("Dormand–Prince 5(4), adaptive"), "dopri5");
    integrator_box_->addItem(tr("symplectic Euler, fixed step"), "symplectic-euler");
    integrator_box_->addItem(tr("implicit midpoint (symplectic), fixed step"), "midpoint");
    integrator_box_->setObjectName("integrator");
    integrator_box_->setAccessibleName(tr("Integrator"));
    dt_ = new QLineEdit("0.02", this);
    dt_->setObjectName("dt");
    dt_->setAccessibleName(tr("Fixed time step"));
    dt_->setMaximumWidth(70);
    dt_->setToolTip(tr("The fixed step of the symplectic methods"));
    mlp_ = new QCheckBox(tr("compare with an S-MLP (the same hidden layer fitted to ẋ: no energy)"), this);
    mlp_->setObjectName("compareMlp");
    methodRow->addWidget(new QLabel(tr("integrator"), this));
    methodRow->addWidget(integrator_box_);
    methodRow->addWidget(new QLabel(tr("Δt"), this));
    methodRow->addWidget(dt_);
    methodRow->addWidget(mlp_);
    methodRow->addStretch(1);
    layout->addLayout(methodRow);
    connect(integrator_box_, &QComboBox::currentIndexChanged, this, [this] {
        dt_->setEnabled(integrator_box_->currentData().toString() != "dopri5");
        emit runRequested();
    });
    connect(mlp_, &QCheckBox::toggled, this, &TrajectoryView::runRequested);
    dt_->setEnabled(false);
    // Many degrees of freedom: which coordinates to draw (the energy always covers them all).
    auto* showRow = new QHBoxLayout;
    showLabel_ = new QLabel(tr("coordinates shown"), this);
    show_ = new QLineEdit(QStringLiteral("all"), this);
    show_->setToolTip(tr("'all', or the coordinates to draw, comma-separated (q1, q5, p1)"));
    show_->setAccessibleName(tr("Coordinates shown"));
    showRow->addWidget(showLabel_);
    showRow->addWidget(show_, 1);
    layout->addLayout(showRow);
    connect(show_, &QLineEdit::editingFinished, this, [this] {
        if (last_.truth.states.rows()) setComparison(last_);
    });
    error_ = new QLabel(this);
    error_->setProperty("role", "error");
    error_->hide();
    layout->addWidget(error_);
    integrator_ = new QLabel(this);
    integrator_->setProperty("role", "note");
    integrator_->setWordWrap(true);
    layout->addWidget(integrator_);
    plot_ = new QCustomPlot(this);
    stylePlot(plot_);
    layout->addWidget(plot_, 1);

    // Three stacked panels; clearing the layout also deletes the default axis rect and its
    // legend (plot_->legend dangles afterwards: each panel gets its own legend below).
    plot_->setAutoAddPlottableToLegend(false);
    plot_->plotLayout()->clear();
    auto* group = new QCPMarginGroup(plot_);
    auto* first = new QCPAxisRect(plot_);
    plot_->plotLayout()->addElement(0, 0, first);
    first->axis(QCPAxis::atLeft)->setLabel("q(t)");
    first->axis(QCPAxis::atBottom)->setLabel("t");
    first->setMarginGroup(QCP::msLeft | QCP::msRight, group);
    qRect_ = first;
    pRect_ = addRect(plot_, 1, "p(t)", group);
    eRect_ = addRect(plot_, 2, tr("energy drift E(t) − E(0)"), group);
    for (QCPAxisRect* r : {qRect_, pRect_, eRect_}) {
        r->setRangeDrag(Qt::Horizontal | Qt::Vertical);
        r->setRangeZoom(Qt::Horizontal | Qt::Vertical);
        for (QCPAxis* a : r->axes()) a->setLayer("axes");
    }
    eRect_->axis(QCPAxis::atLeft)->setNumberFormat("gb");

    connect(run_, &QPushButton::clicked, this, &TrajectoryView::runRequested);
    connect(x0_, &QLineEdit::returnPressed, this, &TrajectoryView::runRequested);
}

void TrajectoryView::setSystem(const std::vector<std::string>& coordinates, const TrajectoryRequest& example) {
    coordinates_ = coordinates;
    show_->setText(QStringLiteral("all"));
    showLabel_->setVisible(coordinates.size() > 4);
    show_->setVisible(coordinates.size() > 4);
    QStringList names;
    for (const auto& c : coordinates) names << QString::fromStdString(c);
    x0_->setPlaceholderText(names.join(", "));
    setRequest(example);
}

void TrajectoryView::setRequest(const TrajectoryRequest& r) {
    QStringList values;
    for (Eigen::Index i = 0; i < r.x0.size(); ++i) values << QString::fromStdString(text::formatNumber(r.x0(i)));
    x0_->setText(values.join(", "));
    tEnd_->setText(QString::fromStdString(text::formatNumber(r.tEnd)));
    samples_->setText(QString::number(r.samples));
}

std::optional<TrajectoryRequest> TrajectoryView::readRequest() {
    error_->hide();
    for (QLineEdit* e : {x0_, tEnd_, samples_}) markInvalid(e, false);
    TrajectoryRequest r;
    auto bad = [&](QLineEdit* field, const QString& message) {
        markInvalid(field, true);
        showError(message);
        return std::nullopt;
    };
    std::vector<double> x;
    try {
        for (const auto& v : text::splitList(x0_->text().toStdString())) x.push_back(text::parseNumber(v));
    } catch (const std::invalid_argument& e) {
        return bad(x0_, tr("x(0): %1").arg(e.what()));
    }
    if (x.size() != coordinates_.size())
        return bad(x0_, tr("x(0): needs %1 values (%2), got %3")
                            .arg(coordinates_.size())
                            .arg(x0_->placeholderText())
                            .arg(x.size()));
    r.x0 = Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size()));
    try {
        r.tEnd = text::parseNumber(tEnd_->text().toStdString());
    } catch (const std::invalid_argument& e) {
        return bad(tEnd_, tr("t end: %1").arg(e.what()));
    }
    if (!(r.tEnd > 0) || r.tEnd > 1e5) return bad(tEnd_, tr("t end: must be a time in (0, 100000]"));
    try {
        r.samples = static_cast<int>(text::parseInteger(samples_->text().toStdString(), 2, 1000000));
    } catch (const std::invalid_argument& e) {
        return bad(samples_, tr("samples: %1").arg(e.what()));
    }
    r.integrator.method = parseIntegrator(integrator_box_->currentData().toString().toStdString());
    markInvalid(dt_, false);
    if (r.integrator.method != Integrator::Dopri5) {
        try {
            r.integrator.dt = text::parseNumber(dt_->text().toStdString());
        } catch (const std::invalid_argument& e) {
            return bad(dt_, tr("Δt: %1").arg(e.what()));
        }
        if (!(r.integrator.dt > 0) || r.integrator.dt > r.tEnd) return bad(dt_, tr("Δt: must be a step in (0, t end]"));
        if (r.tEnd / r.integrator.dt > 5e6) return bad(dt_, tr("Δt: too small for this time span (over 5 million steps)"));
    }
    r.compareMlp = mlp_->isChecked();
    return r;
}

void TrajectoryView::showError(const QString& message) {
    error_->setText(message);
    error_->show();
}

std::vector<int> TrajectoryView::shownColumns(int D) {
    std::vector<int> cols;
    const QString text = show_->text().trimmed();
    markInvalid(show_, false);
    if (text.isEmpty() || text == "all") {
        for (int i = 0; i < D; ++i) cols.push_back(i);
        return cols;
    }
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        const auto it = std::find(coordinates_.begin(), coordinates_.end(), part.trimmed().toStdString());
        if (it == coordinates_.end()) {
            markInvalid(show_, true);
            showError(tr("coordinates shown: '%1' is not a coordinate of this system").arg(part.trimmed()));
            continue;
        }
        cols.push_back(static_cast<int>(it - coordinates_.begin()));
    }
    std::sort(cols.begin(), cols.end());
    return cols;
}

void TrajectoryView::setPicture(const TrajectoryPicture& p) {
    lastMlp_ = p.mlp;
    lastMlpEnergy_ = p.energyMlpTrueH;
    setComparison(p.flows);
}

void TrajectoryView::setComparison(const TrajectoryComparison& c) {
    last_ = c;
    plot_->clearGraphs();
    const int D = static_cast<int>(c.truth.states.cols());
    const int d = D / 2;
    // True solid and wide, learned dashed and narrower. One or two degrees of freedom: the true
    // and learned colours (a second pair for the second coordinate); more: one hue per
    // coordinate, cycling, with the same solid/dashed pair.
    const QColor colors[2] = {palette::trueColor(), palette::secondaryColor()};
    const QColor learned[2] = {palette::learnedColor(), palette::samplerColor(Sampler::Elm)};
    const QColor cycle[6] = {palette::trueColor(), palette::learnedColor(), palette::secondaryColor(),
                             palette::samplerColor(Sampler::Elm), palette::samplerColor(Sampler::Swim),
                             palette::samplerColor(Sampler::ASwim)};
    const std::vector<int> shown = shownColumns(D);
    auto series = [](const Trajectory& tr, int col) {
        QVector<double> t, v;
        for (Eigen::Index k = 0; k < tr.states.rows(); ++k) {
            t.push_back(tr.t[static_cast<size_t>(k)]);
            v.push_back(tr.states(k, col));
        }
        return std::make_pair(t, v);
    };
    for (int half = 0; half < 2; ++half) {
        QCPAxisRect* rect = half == 0 ? qRect_ : pRect_;
        int drawn = 0;
        for (int i = 0; i < d; ++i) {
            const int col = half * d + i;
            if (std::find(shown.begin(), shown.end(), col) == shown.end()) continue;
            const QString name = QString::fromStdString(coordinates_.size() == static_cast<size_t>(D) ? coordinates_[static_cast<size_t>(col)] : std::to_string(col));
            const QColor trueHue = d <= 2 ? colors[i] : cycle[i % 6];
            const QColor learnedHue = d <= 2 ? learned[i] : cycle[i % 6];
            auto [t1, v1] = series(c.truth, col);
            addLine(plot_, rect, trueHue, Qt::SolidLine, tr("%1 true").arg(name))->setData(t1, v1);
            auto [t2, v2] = series(c.learned, col);
            addLine(plot_, rect, learnedHue, Qt::DashLine, tr("%1 learned").arg(name))->setData(t2, v2);
            ++drawn;
        }
        rect->axis(QCPAxis::atLeft)->setLabel(half == 0 ? (d == 1 ? "q(t)" : drawn == d ? tr("q1…q%1 (t)").arg(d) : tr("q (t)"))
                                                        : (d == 1 ? "p(t)" : drawn == d ? tr("p1…p%1 (t)").arg(d) : tr("p (t)")));
    }
    auto drift = [](const std::vector<double>& t, const Eigen::VectorXd& e) {
        QVector<double> tt, v;
        for (Eigen::Index k = 0; k < e.size(); ++k) {
            tt.push_back(t[static_cast<size_t>(k)]);
            v.push_back(e(k) - e(0));
        }
        return std::make_pair(tt, v);
    };
    auto [te, ve] = drift(c.truth.t, c.energyTrue);
    addLine(plot_, eRect_, palette::trueColor(), Qt::SolidLine, tr("H on the true orbit"))->setData(te, ve);
    auto [tl, vl] = drift(c.learned.t, c.energyLearned);
    addLine(plot_, eRect_, palette::learnedColor(), Qt::DashLine, tr("Ĥ on the learned orbit"))->setData(tl, vl);
    auto [tlh, vlh] = drift(c.learned.t, c.energyLearnedTrueH);
    addLine(plot_, eRect_, palette::secondaryColor(), Qt::DotLine, tr("H on the learned orbit"))->setData(tlh, vlh);
    if (lastMlp_ && lastMlpEnergy_.size()) {
        auto [tm, vm] = drift(lastMlp_->t, lastMlpEnergy_);
        addLine(plot_, eRect_, palette::samplerColor(Sampler::Elm), Qt::SolidLine, tr("H on the S-MLP's orbit"))->setData(tm, vm);
    }

    // One legend per panel, to the right of its axis rect (outside the data).
    int row = 0;
    for (QCPAxisRect* rect : {qRect_, pRect_, eRect_}) {
        QCPLegend*& legend = legends_[row];
        if (!legend) {
            legend = new QCPLegend;
            plot_->plotLayout()->addElement(row, 1, legend);
            legend->setLayer("legend");
            legend->setBorderPen(Qt::NoPen);
            QFont f = legend->font();
            f.setPointSizeF(kPlotFontPoints * zoom());
            legend->setFont(f);
            plot_->plotLayout()->setColumnStretchFactor(1, 0.001);
        }
        ++row;
        legend->clearItems();
        // At most six coordinates named one by one (12 lines); beyond, the true and learned styles.
        const auto graphs = rect->graphs();
        for (int k = 0; k < graphs.size() && k < 12; ++k) legend->addItem(new QCPPlottableLegendItem(legend, graphs[k]));
        if (graphs.size() > 12) {
            auto* more = new QCPTextElement(plot_, tr("… %1 more (solid: true, dashed: learned)").arg((graphs.size() - 12) / 2));
            more->setFont(legend->font());
            legend->addElement(legend->rowCount(), 0, more);
        }
        for (QCPAxis* a : rect->axes()) a->rescale();
        rect->axis(QCPAxis::atBottom)->setRange(0, c.truth.t.empty() ? 1 : c.truth.t.back());
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        y->scaleRange(1.1, y->range().center());
    }
    QString text = tr("Integrator: %1.").arg(QString::fromStdString(c.integrator));
    if (c.learned.diverged)
        text += tr("  The learned flow left the region where it is finite at t = %1.").arg(c.learned.divergedAt);
    integrator_->setText(text);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void TrajectoryView::clear() {
    plot_->clearGraphs();
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

int TrajectoryView::graphCount() const { return plot_->graphCount(); }

int TrajectoryView::curvePoints(int graph) const { return plot_->graph(graph)->dataCount(); }

double TrajectoryView::largestValue(const QString& graphName) const {
    for (int g = 0; g < plot_->graphCount(); ++g) {
        if (plot_->graph(g)->name() != graphName) continue;
        double m = 0;
        for (const auto& point : *plot_->graph(g)->data()) m = std::max(m, std::abs(point.value));
        return m;
    }
    return -1;
}

} // namespace shnn::ui
