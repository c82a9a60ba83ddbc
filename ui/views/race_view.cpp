#include "ui/views/race_view.h"

#include "core/analysis/contour.h"
#include "core/errors.h"
#include "core/text/parse.h"
#include "ui/jobs/job_runner.h"
#include "ui/views/plot_style.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <qcustomplot.h>
#include <cmath>
#include <stdexcept>

namespace shnn::ui {

namespace {

struct RaceUpdate {
    RaceResult race;
    std::optional<GridValues> gradient, sampled;  // level sets to draw, when new
};

// The fastest sampled fit (the one the race compares with).
const RaceEntry* fastest(const RaceResult& r) {
    const RaceEntry* best = nullptr;
    for (const RaceEntry& e : r.sampled)
        if (!best || e.fit.seconds.total < best->fit.seconds.total) best = &e;
    return best;
}

QCustomPlot* levelSetPlot(QWidget* parent, const QString& title) {
    auto* p = new QCustomPlot(parent);
    stylePlot(p);
    addTitle(p, title);
    p->setMinimumSize(260, 220);
    for (int k = 0; k < 2; ++k) {
        auto* c = new QCPCurve(p->xAxis, p->yAxis);
        c->setPen(k == 0 ? truePen(2.0) : learnedPen(1.5));
        c->setName(k == 0 ? QObject::tr("H (true)") : QObject::tr("Ĥ (network)"));
    }
    placeLegendBelow(p);
    return p;
}

void drawLevelSets(QCustomPlot* p, const GridValues& g) {
    QVector<double> tx, ty, lx, ly;
    auto append = [](const std::vector<Polyline>& lines, QVector<double>& x, QVector<double>& y) {
        for (const auto& line : lines) {
            for (const auto& pt : line) {
                x.push_back(pt.x);
                y.push_back(pt.y);
            }
            x.push_back(kNaN);
            y.push_back(kNaN);
        }
    };
    for (double level : contourLevels(g.H, 10)) {
        append(contourLines(g.H, g.spec, level), tx, ty);
        append(contourLines(g.Hhat, g.spec, level), lx, ly);
    }
    setCurveData(static_cast<QCPCurve*>(p->plottable(0)), tx, ty);
    setCurveData(static_cast<QCPCurve*>(p->plottable(1)), lx, ly);
    p->xAxis->setRange(g.spec.x0, g.spec.x1);
    p->yAxis->setRange(g.spec.y0, g.spec.y1);
    p->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace

RaceView::RaceView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* controls = new QHBoxLayout;
    for (Sampler s : allSamplers()) {
        auto* box = new QCheckBox(QString::fromStdString(samplerTitle(s)), this);
        box->setChecked(s == Sampler::USwim || s == Sampler::Swim);
        samplers_[static_cast<int>(s)] = box;
        controls->addWidget(box);
    }
    steps_ = new QLineEdit("3000", this);
    steps_->setToolTip(tr("Adam steps of the gradient-trained network (the paper used 15000 to 180000)"));
    lr_ = new QLineEdit("5e-4", this);
    lr_->setToolTip(tr("Adam's learning rate (the paper: 5e-4)"));
    batch_ = new QLineEdit("2048", this);
    batch_->setToolTip(tr("Mini-batch size (the paper: 2048)"));
    for (QLineEdit* e : {steps_, lr_, batch_}) e->setMaximumWidth(80);
    start_ = new QPushButton(tr("Start race"), this);
    stop_ = new QPushButton(tr("Stop"), this);
    resume_ = new QPushButton(tr("Continue"), this);
    stop_->setEnabled(false);
    resume_->setEnabled(false);
    controls->addWidget(new QLabel(tr("steps"), this));
    controls->addWidget(steps_);
    controls->addWidget(new QLabel(tr("lr"), this));
    controls->addWidget(lr_);
    controls->addWidget(new QLabel(tr("batch"), this));
    controls->addWidget(batch_);
    controls->addWidget(start_);
    controls->addWidget(stop_);
    controls->addWidget(resume_);
    controls->addStretch(1);
    layout->addLayout(controls);
    sentence_ = new QLabel(tr("Start a race: the sampled fits take seconds; the same network trained by Adam on the same "
                              "data follows live."),
                           this);
    sentence_->setWordWrap(true);
    QFont big = sentence_->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    sentence_->setFont(big);
    error_ = new QLabel(this);
    error_->setProperty("role", "error");
    error_->hide();
    layout->addWidget(sentence_);
    layout->addWidget(error_);

    auto* split = new QSplitter(Qt::Horizontal, this);
    plot_ = new QCustomPlot(split);
    stylePlot(plot_);
    addTitle(plot_, tr("Test error against wall-clock time"));
    plot_->xAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    for (QCPAxis* a : {plot_->xAxis, plot_->yAxis}) {
        a->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        a->setNumberFormat("eb");
        a->setNumberPrecision(0);
    }
    plot_->xAxis->setLabel(tr("seconds"));
    plot_->yAxis->setLabel(tr("rel. L2 error of H (test set)"));
    curve_ = plot_->addGraph();
    curve_->setPen(QPen(palette::gradientColor(), 2.5));
    curve_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, palette::gradientColor(), 4));
    curve_->setName(tr("gradient-trained (Adam)"));
    placeLegendBelow(plot_);
    auto* sets = new QWidget(split);
    auto* setsLayout = new QVBoxLayout(sets);
    setsLayout->setContentsMargins(0, 0, 0, 0);
    gradientSets_ = levelSetPlot(sets, tr("Adam-trained network"));
    sampledSets_ = levelSetPlot(sets, tr("fastest sampled network"));
    setsLayout->addWidget(gradientSets_);
    setsLayout->addWidget(sampledSets_);
    split->addWidget(plot_);
    split->addWidget(sets);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    job_ = new JobRunner("shnn-race", this);
    connect(job_, &JobRunner::cancelled, this, [this] {
        running_ = false;
        start_->setEnabled(true);
        stop_->setEnabled(false);
        resume_->setEnabled(!race_.sampled.empty());
        sentence_->setText(sentence() + tr(" (stopped: Continue trains on)"));
        emit finished();
    });
    connect(start_, &QPushButton::clicked, this, &RaceView::start);
    connect(stop_, &QPushButton::clicked, this, &RaceView::stop);
    connect(resume_, &QPushButton::clicked, this, &RaceView::resume);
}

void RaceView::configure(const std::vector<Sampler>& samplers, long steps) {
    for (Sampler s : allSamplers())
        samplers_[static_cast<int>(s)]->setChecked(std::find(samplers.begin(), samplers.end(), s) != samplers.end());
    steps_->setText(QString::number(steps));
}

bool RaceView::running() const { return running_; }
QString RaceView::errorText() const { return error_->isHidden() ? QString() : error_->text(); }
int RaceView::gradientPoints() const { return curve_->dataCount(); }

void RaceView::showError(const QString& message) {
    error_->setText(message);
    error_->setVisible(!message.isEmpty());
}

bool RaceView::start() {
    if (running_) return false;
    showError(QString());
    const auto base = provider_ ? provider_() : std::optional<TrainingSettings>(TrainingSettings{});
    if (!base) {
        showError(tr("Fix the settings panel first (the race uses its system, domain, width and data)."));
        return false;
    }
    try {
        raceSamplers_.clear();
        for (Sampler s : allSamplers())
            if (samplers_[static_cast<int>(s)]->isChecked()) raceSamplers_.push_back(s);
        if (raceSamplers_.empty()) throw SettingsError("samplers", "choose at least one sampler to race");
        adam_ = AdamSettings{};
        adam_.steps = static_cast<long>(text::parseInteger(steps_->text().toStdString(), 1, 10000000));
        adam_.lr = text::parseNumber(lr_->text().toStdString());
        if (!(adam_.lr > 0) || adam_.lr > 10) throw SettingsError("lr", "must be a learning rate in (0, 10]");
        adam_.batch = static_cast<Eigen::Index>(text::parseInteger(batch_->text().toStdString(), 1, 10000000));
        adam_.evalEvery = std::max(1L, adam_.steps / 60);  // about 60 points on the curve
    } catch (const SettingsError& e) {
        showError(tr("%1: %2").arg(QString::fromStdString(e.key()), QString::fromStdString(e.reason())));
        return false;
    } catch (const std::invalid_argument& e) {
        showError(tr("steps, lr and batch: %1").arg(e.what()));
        return false;
    }
    settings_ = *base;
    race_ = RaceResult{};
    curve_->data()->clear();
    run(true);
    return true;
}

bool RaceView::resume() {
    if (running_ || race_.sampled.empty()) return false;
    run(false);
    return true;
}

void RaceView::stop() { job_->cancel(); }

void RaceView::run(bool fresh) {
    running_ = true;
    start_->setEnabled(false);
    stop_->setEnabled(true);
    resume_->setEnabled(false);
    sentence_->setText(fresh ? tr("Fitting the sampled networks…") : tr("Adam trains on…"));
    const TrainingSettings s = settings_;
    const std::vector<Sampler> samplers = raceSamplers_;
    const AdamSettings a = adam_;
    RaceResult state = race_;
    job_->startRaw([this, s, samplers, a, state](const JobRunner::Context& ctx) mutable {
        const GridSpec spec = [&] {
            const TrainingSettings r = resolveSettings(s);
            return GridSpec::over(r.domain, Slice::defaultFor(r.domain), 120, 120);
        }();
        bool sampledDrawn = !state.sampled.empty();
        auto post = [&](const RaceResult& r) {
            RaceUpdate u;
            u.race = r;
            u.race.gradientResult.train = Dataset{};  // the view needs no training states
            if (!r.gradient.model.empty()) {
                HnnModel g = r.gradient.model;
                anchorOutputBias(g, r.sampled.front().fit.settings);
                u.gradient = evaluateGrid(*r.sampled.front().fit.system, &g, spec);
            }
            if (!sampledDrawn && r.sampled.size() == samplers.size()) {
                const RaceEntry* f = fastest(r);
                u.sampled = evaluateGrid(*f->fit.system, &f->fit.model, spec);
                sampledDrawn = true;
            }
            auto shared = std::make_shared<RaceUpdate>(std::move(u));
            ctx.post([this, shared] {
                race_ = shared->race;
                if (shared->gradient || shared->sampled)
                    showGrids(shared->gradient.value_or(GridValues{}), shared->sampled.value_or(GridValues{}));
                redraw();
                emit progressed();
            });
        };
        try {
            runRace(s, samplers, a, state, RunControl(nullptr, &ctx.cancelFlag()), post);
            post(state);
            ctx.post([this] {
                running_ = false;
                start_->setEnabled(true);
                stop_->setEnabled(false);
                resume_->setEnabled(true);
                emit finished();
            });
        } catch (const Cancelled&) {
            auto shared = std::make_shared<RaceResult>(state);
            ctx.post([this, shared] { race_ = *shared; });  // dropped after cancel(): the posts before it hold the state
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            ctx.post([this, message] {
                running_ = false;
                start_->setEnabled(true);
                stop_->setEnabled(false);
                showError(message);
                emit finished();
            });
        }
    });
}

void RaceView::showGrids(const GridValues& gradient, const GridValues& sampled) {
    if (gradient.Hhat.size()) drawLevelSets(gradientSets_, gradient);
    if (sampled.Hhat.size()) drawLevelSets(sampledSets_, sampled);
}

void RaceView::redraw() {
    QVector<double> t, e;
    for (const AdamPoint& p : race_.gradient.history)
        if (p.seconds > 0) {
            t.push_back(p.seconds);
            e.push_back(p.relL2H);
        }
    curve_->setData(t, e);
    // One marker per sampled fit, in its sampler's colour and shape.
    while (plot_->graphCount() > 1) plot_->removeGraph(plot_->graphCount() - 1);
    for (const RaceEntry& r : race_.sampled) {
        const Sampler s = r.fit.settings.sampler;
        QCPGraph* g = plot_->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(static_cast<QCPScatterStyle::ScatterShape>(samplerMarker(s)), palette::samplerColor(s),
                                           palette::samplerColor(s), 14));
        g->setName(tr("%1 (sampled)").arg(QString::fromStdString(samplerTitle(s))));
        g->addData(std::max(r.fit.seconds.total, 1e-4), r.fit.test.relL2H);
    }
    plot_->rescaleAxes();
    if (plot_->xAxis->range().lower > 0) plot_->xAxis->setRange(plot_->xAxis->range().lower / 2, plot_->xAxis->range().upper * 2);
    if (plot_->yAxis->range().lower > 0) plot_->yAxis->setRange(plot_->yAxis->range().lower / 5, plot_->yAxis->range().upper * 5);
    plot_->replot(QCustomPlot::rpQueuedReplot);
    sentence_->setText(sentence());
}

QString RaceView::sentence() const {
    if (race_.sampled.empty()) return tr("Fitting the sampled networks…");
    const RaceEntry* f = fastest(race_);
    const QString sampled = tr("%1 fitted in %2 s to a test error of %3")
                                .arg(QString::fromStdString(samplerTitle(f->fit.settings.sampler)))
                                .arg(f->fit.seconds.total, 0, 'f', 2)
                                .arg(f->fit.test.relL2H, 0, 'e', 1);
    if (race_.gradient.history.empty()) return sampled + tr("; Adam starts.");
    const AdamPoint& last = race_.gradient.history.back();
    QString s = tr("After %1 Adam steps and %2 s the gradient-trained network's error is %3; %4.")
                    .arg(last.step)
                    .arg(last.seconds, 0, 'f', 1)
                    .arg(last.relL2H, 0, 'e', 1)
                    .arg(sampled);
    if (f->gradientSecondsToReach)
        s += tr(" Adam needed %1 s to reach that error: %2× longer.")
                 .arg(*f->gradientSecondsToReach, 0, 'f', 1)
                 .arg(*f->gradientSecondsToReach / f->fit.seconds.total, 0, 'f', 0);
    else
        s += tr(" Adam has not reached it yet: it is %1× slower already and %2× less accurate.")
                 .arg(last.seconds / f->fit.seconds.total, 0, 'f', 0)
                 .arg(last.relL2H / f->fit.test.relL2H, 0, 'g', 2);
    return s;
}

} // namespace shnn::ui
