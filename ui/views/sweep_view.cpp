#include "ui/views/sweep_view.h"

#include "core/cluster/sweep_results.h"
#include "core/errors.h"
#include "core/io/atomic_file.h"
#include "core/train/experiments.h"
#include "ui/jobs/job_runner.h"
#include "ui/views/plot_style.h"

#include <QCheckBox>
#include <cmath>
#include <QComboBox>
#include <QFileDialog>
#include <QFileSystemWatcher>
#include <QTimer>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <map>
#include <qcustomplot.h>

namespace shnn::ui {

namespace {

// The width sweeps behind docs/experiments.md: 100…2000 for the one-degree-of-freedom rows,
// 500…10000 for the double pendulum and Hénon–Heiles.
QString presetWidths(const Experiment& e) {
    return e.settings.domain.dim() > 2 ? "500,1000,2000,5000,10000" : "100,200,500,1000,1500,2000";
}

} // namespace

SweepView::SweepView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row1 = new QHBoxLayout;
    preset_ = new QComboBox(this);
    preset_->addItem(tr("Preset…"), QString());
    for (const auto& e : experiments())
        preset_->addItem(QString("%1: %2").arg(QString::fromStdString(e.id), QString::fromStdString(e.description)),
                         QString::fromStdString(e.id));
    preset_->setToolTip(tr("Load a reference row (docs/experiments.md) into the settings and its width sweep here"));
    row1->addWidget(preset_);
    for (Sampler s : allSamplers()) {
        auto* box = new QCheckBox(QString::fromStdString(samplerTitle(s)), this);
        box->setToolTip(QString::fromStdString(samplerDescription(s)));
        box->setChecked(s == Sampler::Elm || s == Sampler::Swim);
        samplers_[static_cast<int>(s)] = box;
        row1->addWidget(box);
    }
    row1->addStretch(1);
    layout->addLayout(row1);

    auto* row2 = new QHBoxLayout;
    vary_ = new QComboBox(this);
    setSystemParameters({});
    statistic_ = new QComboBox(this);
    statistic_->addItem(tr("median"), "median");
    statistic_->addItem(tr("mean"), "mean");
    statistic_->setToolTip(tr("How the repeats are summarised; the band shows their min–max"));
    connect(statistic_, &QComboBox::currentIndexChanged, this, &SweepView::redraw);
    sizes_ = new QLineEdit("100,200,500,1000", this);
    sizes_->setToolTip(tr("Comma-separated values of the varied setting; everything else comes from the settings panel"));
    sizes_->setAccessibleName(tr("Sizes"));
    sizes_->setObjectName("sweepValues");
    repeat_ = new QSpinBox(this);
    repeat_->setRange(1, 100);
    repeat_->setValue(1);
    repeat_->setToolTip(tr("Repeats with seeds s, s+1, …; the band shows their min–max"));
    run_ = new QPushButton(tr("Run sweep"), this);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setEnabled(false);
    export_ = new QPushButton(tr("Export CSV…"), this);
    row2->addWidget(new QLabel(tr("Vary"), this));
    row2->addWidget(vary_);
    row2->addWidget(sizes_, 1);
    row2->addWidget(new QLabel(tr("repeats"), this));
    row2->addWidget(repeat_);
    row2->addWidget(statistic_);
    row2->addWidget(run_);
    row2->addWidget(cancel_);
    row2->addWidget(export_);
    layout->addLayout(row2);
    progress_ = new QProgressBar(this);
    progress_->setFormat(tr("idle"));
    status_ = new QLabel(this);
    status_->setObjectName("sweepStatus");
    status_->setWordWrap(true);
    error_ = new QLabel(this);
    error_->setProperty("role", "error");
    error_->hide();
    watcher_ = new QFileSystemWatcher(this);
    connect(watcher_, &QFileSystemWatcher::directoryChanged, this, [this] {
        // Several results arrive at once: read them once, a moment later.
        if (!resultsDir_.isEmpty()) QTimer::singleShot(300, this, &SweepView::refreshResults);
    });
    poll_ = new QTimer(this);
    poll_->setInterval(2000);
    connect(poll_, &QTimer::timeout, this, &SweepView::refreshResults);
    layout->addWidget(progress_);
    layout->addWidget(status_);
    layout->addWidget(error_);

    auto* split = new QSplitter(Qt::Vertical, this);
    plot_ = new QCustomPlot(split);
    stylePlot(plot_);
    // Each panel gets its own legend; nothing goes to the default one (deleted below).
    plot_->setAutoAddPlottableToLegend(false);
    plot_->plotLayout()->clear();
    errorRect_ = new QCPAxisRect(plot_);
    timeRect_ = new QCPAxisRect(plot_);
    // The two panels share a row of their own, so the legend below (as wide as both) does not
    // widen the error panel's column at the time panel's expense.
    auto* panels = new QCPLayoutGrid;
    plot_->plotLayout()->addElement(0, 0, panels);
    panels->addElement(0, 0, errorRect_);
    panels->addElement(0, 1, timeRect_);
    panels->setColumnStretchFactors({2.0, 1.0});
    for (QCPAxisRect* r : {errorRect_, timeRect_}) {
        r->axis(QCPAxis::atBottom)->setScaleType(QCPAxis::stLogarithmic);
        r->axis(QCPAxis::atBottom)->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
        r->setRangeDrag(Qt::Horizontal | Qt::Vertical);
        r->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    }
    QCPAxis* ey = errorRect_->axis(QCPAxis::atLeft);
    ey->setScaleType(QCPAxis::stLogarithmic);
    ey->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    ey->setNumberFormat("eb");
    ey->setNumberPrecision(0);
    ey->setLabel(tr("rel. L2 error of H (test set)"));
    timeRect_->axis(QCPAxis::atLeft)->setLabel(tr("fit time (s)"));
    // The legend in a row below both panels, outside the data.
    legend_ = new QCPLegend;
    plot_->plotLayout()->addElement(1, 0, legend_);
    legend_->setLayer("legend");
    legend_->setFillOrder(QCPLegend::foColumnsFirst);
    wrapLegendToWidth(plot_, legend_, panels, 4);
    legend_->setBorderPen(Qt::NoPen);
    plot_->plotLayout()->setRowStretchFactor(1, 0.001);
    table_ = new QTableWidget(0, 7, split);
    table_->setHorizontalHeaderLabels({"sampler", "width", "train", "repeat", "rel_l2_H", "seconds", "varied"});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table_->verticalHeader()->setVisible(false);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    split->addWidget(plot_);
    split->addWidget(table_);
    split->setStretchFactor(0, 3);
    layout->addWidget(split, 1);

    connect(run_, &QPushButton::clicked, this, &SweepView::start);
    connect(cancel_, &QPushButton::clicked, this, &SweepView::cancel);
    job_ = new JobRunner("shnn-sweep", this);
    connect(job_, &JobRunner::cancelled, this, [this] { endRun(tr("Cancelled; the finished runs stay.")); });
    connect(preset_, &QComboBox::activated, this, [this](int index) {
        const QString id = preset_->itemData(index).toString();
        if (id.isEmpty()) return;
        const Experiment& e = experiment(id.toStdString());
        configure(allSamplers(), presetWidths(e), "width", 1);
        emit presetChosen(id);
    });
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export sweep"), QString(), tr("CSV (*.csv)"));
        if (path.isEmpty()) return;
        try {
            io::writeFileAtomically(path.toStdString(), csv().toStdString());
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("Export sweep"), QString::fromUtf8(e.what()));
        }
    });
}

SweepView::~SweepView() { cancel(); }

void SweepView::setSystemParameters(const QStringList& names) {
    const QString current = vary_->currentData().toString();
    const QSignalBlocker block(vary_);
    vary_->clear();
    vary_->addItem(tr("widths"), "width");
    vary_->addItem(tr("training sizes"), "train");
    vary_->addItem(tr("noise σ"), "noise");
    vary_->addItem(tr("rcond"), "rcond");
    vary_->addItem(tr("trajectory Δt"), "traj-dt");
    vary_->addItem(tr("snapshot step h"), "h");
    for (const QString& n : names) vary_->addItem(tr("parameter %1").arg(n), n);
    const int keep = vary_->findData(current);
    vary_->setCurrentIndex(keep >= 0 ? keep : 0);
}

QString SweepView::varied() const { return vary_->currentData().toString(); }

void SweepView::configure(const std::vector<Sampler>& samplers, const QString& sizes, const QString& vary, int repeat) {
    for (Sampler s : allSamplers())
        samplers_[static_cast<int>(s)]->setChecked(std::find(samplers.begin(), samplers.end(), s) != samplers.end());
    sizes_->setText(sizes);
    vary_->setCurrentIndex(vary_->findData(vary));
    repeat_->setValue(repeat);
}

void SweepView::showError(const QString& message) {
    error_->setText(message);
    error_->setVisible(!message.isEmpty());
}

QString SweepView::errorText() const { return error_->isHidden() ? QString() : error_->text(); }

bool SweepView::start() {
    if (running_) return false;
    showError(QString());
    stopWatching();
    const auto base = provider_ ? provider_() : std::optional<TrainingSettings>(TrainingSettings{});
    if (!base) {
        showError(tr("Fix the settings panel first (the sweep uses its system, domain and sizes)."));
        return false;
    }
    SweepPlan plan;
    plan.base = *base;
    for (Sampler s : allSamplers())
        if (samplers_[static_cast<int>(s)]->isChecked()) plan.samplers.push_back(s);
    plan.repeat = repeat_->value();
    swept_ = vary_->currentData().toString();
    try {
        if (swept_ == "width") plan.widths = parseSizeList(sizes_->text().toStdString(), "widths");
        else if (swept_ == "train") plan.trains = parseSizeList(sizes_->text().toStdString(), "trains");
        else {
            plan.vary = swept_.toStdString();
            plan.values = parseValueList(sizes_->text().toStdString(), "values");
        }
        const int total = static_cast<int>(expandSweep(plan).size());  // validates every run up front
        progress_->setRange(0, total);
    } catch (const SettingsError& e) {
        showError(tr("%1: %2").arg(QString::fromStdString(e.key()), QString::fromStdString(e.reason())));
        return false;
    }
    rows_.clear();
    table_->setRowCount(0);
    redraw();
    running_ = true;
    run_->setEnabled(false);
    cancel_->setEnabled(true);
    progress_->setValue(0);
    progress_->setFormat(tr("%v of %m runs"));
    job_->startRaw([this, plan](const JobRunner::Context& ctx) {
        QString outcome;
        try {
            runSweep(plan, RunControl(nullptr, &ctx.cancelFlag()), [&](const SweepRow& row, int done, int total) {
                ctx.post([this, row, done, total] {
                    addRow(row);
                    progress_->setValue(done);
                    status_->setText(tr("run %1 of %2: %3, width %4, train %5, repeat %6 — rel. L2 error %7 in %8 s")
                                         .arg(done)
                                         .arg(total)
                                         .arg(QString::fromStdString(samplerTitle(row.sampler)))
                                         .arg(row.width)
                                         .arg(row.train)
                                         .arg(row.repeat)
                                         .arg(row.test.relL2H, 0, 'e', 2)
                                         .arg(row.seconds.total, 0, 'f', 3));
                    emit rowAdded(done, total);
                });
            });
        } catch (const Cancelled&) {
            return;  // reported by the runner's cancelled()
        } catch (const std::exception& e) {
            outcome = QString::fromUtf8(e.what());
        }
        ctx.post([this, outcome] { endRun(outcome); });
    });
    return true;
}

void SweepView::endRun(const QString& outcome) {
    running_ = false;
    run_->setEnabled(true);
    cancel_->setEnabled(false);
    if (!outcome.isEmpty()) status_->setText(outcome);
    emit finished();
}

void SweepView::cancel() { job_->cancel(); }

void SweepView::addRow(const SweepRow& row) {
    appendRow(row);
    redraw();
}

void SweepView::showRows(const std::vector<SweepRow>& rows) {
    rows_.clear();
    table_->setRowCount(0);
    for (const auto& r : rows) appendRow(r);
    redraw();  // once, not per row
}

void SweepView::appendRow(const SweepRow& row) {
    rows_.push_back(row);
    const int r = table_->rowCount();
    table_->insertRow(r);
    const QStringList cells = {QString::fromStdString(samplerTitle(row.sampler)), QString::number(row.width),
                               QString::number(row.train), QString::number(row.repeat),
                               QString::number(row.test.relL2H, 'e', 2), QString::number(row.seconds.total, 'f', 3),
                               row.vary.empty() ? QString() : QString("%1 = %2").arg(QString::fromStdString(row.vary)).arg(row.value, 0, 'g', 6)};
    for (int c = 0; c < cells.size(); ++c) table_->setItem(r, c, new QTableWidgetItem(cells[c]));
}

void SweepView::setRows(const std::vector<SweepRow>& rows) {
    stopWatching();
    // A session's rows: the varied setting, or whichever size varies.
    swept_ = "width";
    if (!rows.empty() && !rows[0].vary.empty()) swept_ = QString::fromStdString(rows[0].vary);
    else if (std::any_of(rows.begin(), rows.end(), [&](const SweepRow& r) { return r.train != rows[0].train; })) swept_ = "train";
    showRows(rows);
}

void SweepView::stopWatching() {
    if (!resultsDir_.isEmpty()) watcher_->removePaths(watcher_->directories());
    poll_->stop();
    resultsDir_.clear();
    collected_.reset();
}

bool SweepView::openResults(const QString& dir) {
    if (running_) {
        showError(tr("A sweep is running here: cancel it before opening a results folder."));
        return false;
    }
    cluster::CollectedSweep c;
    try {
        c = cluster::collectSweep(dir.toStdString());
    } catch (const std::exception& e) {
        showError(tr("Cannot open the sweep results: %1").arg(QString::fromUtf8(e.what())));
        return false;
    }
    stopWatching();
    showError(QString());
    resultsDir_ = dir;
    collected_ = std::move(c);
    watcher_->addPath(dir + "/results");
    showCollected(true);
    // The controls as the plan's sweep, so that "Run sweep" repeats it here.
    const SweepPlan& plan = collected_->plan.sweep;
    QStringList values;
    if (!plan.vary.empty())
        for (double v : plan.values) values << QString::number(v, 'g', 17);
    else
        for (auto v : swept_ == "train" ? plan.trains : plan.widths) values << QString::number(v);
    configure(plan.samplers, values.join(','), swept_, plan.repeat);
    return true;
}

void SweepView::refreshResults() {
    if (!collected_) return;
    // Only the results that were missing are read: the GUI thread touches the folder briefly
    // even for a plan of thousands of fits.
    try {
        cluster::refreshCollected(*collected_, resultsDir_.toStdString());
    } catch (const std::exception& e) {
        // A foreign or broken result file: say so, keep the rows, try again later.
        showError(tr("Reading %1: %2").arg(resultsDir_, QString::fromUtf8(e.what())));
        return;
    }
    showError(QString());
    showCollected(false);
}

void SweepView::showCollected(bool rebuild) {
    const cluster::CollectedSweep& c = *collected_;
    const QString& dir = resultsDir_;
    if (rebuild || c.fitsDone() != static_cast<int>(rows_.size())) {
        swept_ = QString::fromStdString(sweptSetting(c.plan.sweep));
        showRows(c.rows());
    }
    const int total = static_cast<int>(c.plan.fits.size());
    progress_->setRange(0, total);
    progress_->setValue(c.fitsDone());
    progress_->setFormat(tr("%v of %m fits collected"));
    // "3, 7–12": runs of consecutive tasks as ranges (a large array stays one line).
    auto list = [](const std::vector<int>& v) {
        QStringList s;
        for (size_t i = 0; i < v.size();) {
            size_t j = i;
            while (j + 1 < v.size() && v[j + 1] == v[j] + 1) ++j;
            s << (j == i ? QString::number(v[i]) : QString("%1–%2").arg(v[i]).arg(v[j]));
            i = j + 1;
        }
        return s.join(", ");
    };
    QString text = tr("Slurm sweep %1 (plan %2): %3 of %4 fits, %5 of %6 tasks done")
                       .arg(dir, QString::fromStdString(c.plan.id))
                       .arg(c.fitsDone())
                       .arg(total)
                       .arg(c.tasksIn(cluster::TaskState::Done).size())
                       .arg(c.plan.tasks());
    const auto failed = c.tasksIn(cluster::TaskState::Failed), waiting = c.tasksIn(cluster::TaskState::Missing);
    if (!failed.empty()) text += tr("; failed tasks: %1").arg(list(failed));
    if (!waiting.empty() && !c.complete()) text += tr("; not finished: %1").arg(list(waiting));
    if (!c.complete()) text += tr(" — refreshing while tasks finish");
    status_->setText(text);
    if (c.complete()) {
        poll_->stop();
        watcher_->removePaths(watcher_->directories());
    } else if (!poll_->isActive()) {
        poll_->start();
    }
}

void SweepView::redraw() {
    plot_->clearGraphs();
    QCPLegend* legend = legend_;
    legend->clearItems();
    // Per sampler, the summary of the repeats at each swept value (core/analysis: one median).
    const bool useMean = statistic_->currentData().toString() == "mean";
    const std::string swept = swept_.toStdString();
    auto xOf = [&](const SweepPoint& p) { return sweptValue(p, swept); };
    std::map<int, std::vector<SweepPoint>> bySampler;
    for (const SweepPoint& p : summarizeSweep(rows_)) bySampler[static_cast<int>(p.sampler)].push_back(p);
    for (auto& [s, points] : bySampler) {
        std::sort(points.begin(), points.end(), [&](const SweepPoint& a, const SweepPoint& b) { return xOf(a) < xOf(b); });
        const Sampler sampler = static_cast<Sampler>(s);
        QVector<double> x, median, lo, hi, time;
        bool band = false;
        for (const SweepPoint& p : points) {
            x.push_back(xOf(p));
            median.push_back(useMean ? p.error.mean : p.error.median);
            lo.push_back(p.error.min);
            hi.push_back(p.error.max);
            time.push_back(useMean ? p.seconds.mean : p.seconds.median);
            band = band || p.error.count > 1;
        }
        const QColor color = palette::samplerColor(sampler);
        const auto marker = static_cast<QCPScatterStyle::ScatterShape>(samplerMarker(sampler));
        QCPAxis* ex = errorRect_->axis(QCPAxis::atBottom);
        QCPAxis* ey = errorRect_->axis(QCPAxis::atLeft);
        QCPGraph* main = plot_->addGraph(ex, ey);
        main->setData(x, median);
        main->setPen(QPen(color, 2));
        main->setScatterStyle(QCPScatterStyle(marker, color, color, 8));
        // The order of the error in the swept setting, where one is expected (h: 1 or 2).
        const double order = logLogSlope(std::vector<double>(x.begin(), x.end()), std::vector<double>(median.begin(), median.end()));
        main->setName(QString::fromStdString(samplerTitle(sampler)) +
                      (band ? (useMean ? tr(" (mean, min–max band)") : tr(" (median, min–max band)")) : QString()) +
                      (swept_ == "h" && std::isfinite(order) ? tr(", slope %1").arg(order, 0, 'f', 2) : QString()));
        if (swept_ == "h" && s == bySampler.begin()->first && x.size() >= 2) {
            // Guide lines O(h) and O(h²) through the first sampler's first point.
            for (int k : {1, 2}) {
                QVector<double> gy;
                for (double v : x) gy.push_back(median.front() * std::pow(v / x.front(), k));
                QCPGraph* guide = plot_->addGraph(ex, ey);
                guide->setData(x, gy);
                guide->setPen(QPen(QColor(120, 120, 120), 1.5, k == 1 ? Qt::DashLine : Qt::DotLine));
                guide->setName(k == 1 ? tr("O(h) guide") : tr("O(h²) guide"));
                legend->addItem(new QCPPlottableLegendItem(legend, guide));
            }
        }
        legend->addItem(new QCPPlottableLegendItem(legend, main));
        if (band) {
            QColor fill = color;
            fill.setAlpha(50);
            QCPGraph* low = plot_->addGraph(ex, ey);
            QCPGraph* high = plot_->addGraph(ex, ey);
            low->setData(x, lo);
            high->setData(x, hi);
            low->setPen(Qt::NoPen);
            high->setPen(Qt::NoPen);
            high->setBrush(QBrush(fill));
            high->setChannelFillGraph(low);
            main->setProperty("sampler-curve", true);
        }
        QCPGraph* t = plot_->addGraph(timeRect_->axis(QCPAxis::atBottom), timeRect_->axis(QCPAxis::atLeft));
        t->setData(x, time);
        t->setPen(QPen(color, 2));
        t->setScatterStyle(QCPScatterStyle(marker, color, color, 8));
        t->setName(QString::fromStdString(samplerTitle(sampler)) + tr(" time"));
        main->setProperty("sampler-curve", true);
    }
    const QString xLabel = swept_ == "width"   ? tr("width M")
                           : swept_ == "train" ? tr("training points N")
                           : swept_ == "noise" ? tr("noise σ")
                           : swept_ == "traj-dt" ? tr("trajectory step Δt")
                           : swept_ == "h"       ? tr("snapshot step h")
                                                 : swept_;
    // Sizes, σ, rcond and Δt on a log axis; a system parameter (the chain's n, α) on a linear one.
    const bool logX = swept_ == "width" || swept_ == "train" || swept_ == "noise" || swept_ == "rcond" ||
                      swept_ == "traj-dt" || swept_ == "h";
    // Ticks exactly at the swept values.
    QVector<double> ticks;
    QVector<QString> labels;
    for (const SweepPoint& p : summarizeSweep(rows_)) {
        const double v = xOf(p);
        if (!ticks.contains(v)) {
            ticks.push_back(v);
            labels.push_back(QString::number(v, 'g', 4));
        }
    }
    for (QCPAxisRect* r : {errorRect_, timeRect_}) {
        QCPAxis* x = r->axis(QCPAxis::atBottom);
        x->setScaleType(logX ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
        qSharedPointerCast<QCPAxisTickerText>(x->ticker())->setTicks(ticks, labels);
        x->setLabel(xLabel);
        for (QCPAxis* a : r->axes()) a->rescale();
        if (logX && x->range().lower > 0) x->setRange(x->range().lower / 1.3, x->range().upper * 1.3);
        else if (!logX) x->setRange(x->range().lower - 0.05 * x->range().size() - 0.5, x->range().upper + 0.05 * x->range().size() + 0.5);
    }
    QCPAxis* ey = errorRect_->axis(QCPAxis::atLeft);
    if (ey->range().lower > 0) ey->setRange(ey->range().lower / 3, ey->range().upper * 3);
    QCPAxis* ty = timeRect_->axis(QCPAxis::atLeft);
    ty->setRange(0, std::max(1e-3, ty->range().upper * 1.15));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

int SweepView::curveCount() const {
    int n = 0;
    for (int i = 0; i < plot_->graphCount(); ++i)
        if (plot_->graph(i)->property("sampler-curve").toBool()) ++n;
    return n;
}

QString SweepView::csv() const {
    QString out = QString::fromStdString(sweepCsvHeader()) + "\n";
    for (const auto& r : rows_) out += QString::fromStdString(sweepCsvRow(r)) + "\n";
    return out;
}

} // namespace shnn::ui
