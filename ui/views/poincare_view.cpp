#include "ui/views/poincare_view.h"

#include "core/integrate/poincare.h"
#include "core/parallel/thread_pool.h"
#include "core/systems/system.h"
#include "core/text/parse.h"
#include "ui/jobs/job_runner.h"
#include "ui/views/plot_style.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <qcustomplot.h>
#include <algorithm>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace shnn::ui {

PoincareView::PoincareView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* controls = new QHBoxLayout;
    energy_ = new QLineEdit(this);
    energy_->setAccessibleName(tr("Energy"));
    energy_->setToolTip(tr("The energy E of the section; Hénon–Heiles orbits stay bounded below E = 1/6"));
    orbits_ = new QLineEdit("12", this);
    orbits_->setAccessibleName(tr("Orbits"));
    crossings_ = new QLineEdit("150", this);
    crossings_->setAccessibleName(tr("Crossings per orbit"));
    showTrue_ = new QCheckBox(tr("true flow"), this);
    showLearned_ = new QCheckBox(tr("learned flow"), this);
    showTrue_->setChecked(true);
    showLearned_->setChecked(true);
    run_ = new QPushButton(tr("Compute section"), this);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setToolTip(tr("Stop the orbits still being integrated; the ones drawn stay"));
    cancel_->setEnabled(false);
    controls->addWidget(new QLabel(tr("E"), this));
    controls->addWidget(energy_);
    controls->addWidget(new QLabel(tr("orbits"), this));
    controls->addWidget(orbits_);
    controls->addWidget(new QLabel(tr("crossings each"), this));
    controls->addWidget(crossings_);
    controls->addWidget(showTrue_);
    controls->addWidget(showLearned_);
    controls->addWidget(run_);
    controls->addWidget(cancel_);
    layout->addLayout(controls);
    error_ = new QLabel(this);
    error_->setProperty("role", "error");
    error_->hide();
    note_ = new QLabel(tr("Section q1 = 0, p1 > 0. Click on the section to start a new orbit there."), this);
    note_->setProperty("role", "note");
    note_->setWordWrap(true);
    layout->addWidget(error_);
    layout->addWidget(note_);
    plot_ = new QCustomPlot(this);
    stylePlot(plot_);
    layout->addWidget(plot_, 1);
    plot_->xAxis->setLabel("q2");
    plot_->yAxis->setLabel("p2");
    trueGraph_ = plot_->addGraph();
    learnedGraph_ = plot_->addGraph();
    trueGraph_->setLineStyle(QCPGraph::lsNone);
    learnedGraph_->setLineStyle(QCPGraph::lsNone);
    trueGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, palette::trueColor(), 4));
    learnedGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, palette::learnedColor(), 5));
    trueGraph_->setName(tr("true flow"));
    learnedGraph_->setName(tr("learned flow"));
    placeLegendBelow(plot_);
    job_ = new JobRunner(objectName().isEmpty() ? "shnn-job" : objectName(), this);

    connect(run_, &QPushButton::clicked, this, &PoincareView::run);
    connect(cancel_, &QPushButton::clicked, this, &PoincareView::cancel);
    // Cancel is live while a section job is: settled() follows every outcome (done, failed,
    // cancelled) of the newest request.
    connect(job_, &JobRunner::settled, this, [this] { cancel_->setEnabled(false); });
    connect(job_, &JobRunner::cancelled, this, [this] {
        if (!sectionOf_) return;  // a new result dropped the old model's orbits (setResult)
        note_->setText(tr("Stopped: %1 true and %2 learned crossings drawn. Compute section starts again.")
                           .arg(trueStates_.size())
                           .arg(learnedStates_.size()));
    });
    connect(showTrue_, &QCheckBox::toggled, this, &PoincareView::redraw);
    connect(showLearned_, &QCheckBox::toggled, this, &PoincareView::redraw);
    connect(plot_, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* e) {
        if (e->button() != Qt::LeftButton) return;
        addOrbitAt(plot_->xAxis->pixelToCoord(e->pos().x()), plot_->yAxis->pixelToCoord(e->pos().y()));
    });
}

void PoincareView::setResult(const ResultPtr& r) {
    // A new system gets its own default energy; the first result keeps an energy set
    // beforehand (by a lesson or a session).
    const bool keepEnergy = energyPinned_ || (result_ ? (r && result_->settings.system == r->settings.system &&
                                                         result_->settings.params == r->settings.params)
                                                      : !energy_->text().isEmpty());
    energyPinned_ = false;
    const bool lessonRuns = lessonWaiting_;
    lessonWaiting_ = false;
    if (job_->busy()) job_->cancel();  // orbits of the previous model: drop them
    result_ = r;
    sectionOf_ = nullptr;
    clearSection();
    const bool twoDof = r && r->model.dim() == 4;
    setEnabled(twoDof);
    if (!twoDof) {
        showError(tr("Poincaré sections need two degrees of freedom: choose the double pendulum or Hénon–Heiles."));
        return;
    }
    showError(QString());
    if (!keepEnergy) {
        // The example state's energy to four digits: a field a class can read (E9's state
        // has E = 0.0743333…; any energy of the surface makes as good a section).
        const auto& sys = r->system;
        const auto x = sys->exampleState();
        setEnergy(std::stod(QString::number(sys->H(x.data()), 'g', 4).toStdString()));
    }
    const Interval& q2 = r->settings.domain.intervals[1];
    const Interval& p2 = r->settings.domain.intervals[3];
    plot_->xAxis->setRange(q2.lo, q2.hi);
    plot_->yAxis->setRange(p2.lo, p2.hi);
    note_->setText(tr("Section q1 = 0, p1 > 0. Compute section, or click on the plot to start an orbit there."));
    if (!lessonRuns) runIfNew();
}

void PoincareView::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    runIfNew();
}

void PoincareView::runIfNew() {
    // A job still running belongs to an older result: run() supersedes it.
    if (!isVisible() || lessonWaiting_ || !result_ || result_->model.dim() != 4) return;
    if (sectionOf_ == result_.get() || !errorText().isEmpty()) return;
    run();
}

void PoincareView::cancel() { job_->cancel(); }

void PoincareView::clearSection() {
    trueStates_.clear();
    learnedStates_.clear();
    orbitsDrawn_ = truthLeft_ = learnedLeft_ = 0;
    redraw();
}

void PoincareView::setEnergy(double e) { energy_->setText(QString::fromStdString(text::formatNumber(e))); }

void PoincareView::pinEnergy(double e) {
    setEnergy(e);
    energyPinned_ = true;
}

void PoincareView::setWaiting(const QString& note) {
    showError(QString());
    note_->setText(note);
    lessonWaiting_ = true;
}
void PoincareView::setOrbits(int n) { orbits_->setText(QString::number(n)); }
void PoincareView::setCrossings(int n) { crossings_->setText(QString::number(n)); }

double PoincareView::energy() const {
    try {
        return text::parseNumber(energy_->text().toStdString());
    } catch (const std::invalid_argument&) {
        return std::nan("");
    }
}

void PoincareView::showError(const QString& message) {
    error_->setText(message);
    error_->setVisible(!message.isEmpty());
}

QString PoincareView::errorText() const { return error_->isHidden() ? QString() : error_->text(); }
QString PoincareView::noteText() const { return note_->text(); }
bool PoincareView::busy() const { return job_->busy(); }

bool PoincareView::run() {
    if (!result_ || result_->model.dim() != 4) return false;
    int n = 0;
    try {
        n = static_cast<int>(text::parseInteger(orbits_->text().toStdString(), 1, 200));
        text::parseInteger(crossings_->text().toStdString(), 1, 100000);
    } catch (const std::invalid_argument& e) {
        showError(tr("orbits / crossings: %1").arg(e.what()));
        return false;
    }
    const double E = energy();
    if (!std::isfinite(E)) {
        showError(tr("E: not a number"));
        return false;
    }
    // Seeds on p2 = 0 across the stretch of q2 where the energy surface meets the section,
    // taking the connected stretch around the system's example state: for Hénon–Heiles the
    // potential well, not the escape channels beyond the saddles.
    const auto& sys = result_->system;
    const Interval& q2 = result_->settings.domain.intervals[1];
    const double home = std::clamp(sys->exampleState()[1], q2.lo, q2.hi);
    const int scan = 400;
    std::vector<double> allowed;
    std::vector<double> stretch;
    bool haveHome = false;
    for (int k = 1; k <= scan; ++k) {
        const double q = q2.lo + q2.width() * k / (scan + 1);
        if (sectionState([&](const double* x) { return sys->H(x); }, q, 0.0, E)) {
            stretch.push_back(q);
            continue;
        }
        if (!stretch.empty() && (!haveHome || allowed.empty())) {
            const bool containsHome = stretch.front() <= home && home <= stretch.back();
            if (containsHome || allowed.empty() || std::abs(stretch.front() - home) < std::abs(allowed.front() - home)) {
                allowed = stretch;
                haveHome = containsHome;
            }
        }
        stretch.clear();
    }
    if (!stretch.empty() && !haveHome) {
        const bool containsHome = stretch.front() <= home && home <= stretch.back();
        if (containsHome || allowed.empty() || std::abs(stretch.front() - home) < std::abs(allowed.front() - home)) allowed = stretch;
    }
    if (allowed.empty()) {
        showError(tr("No state with p2 = 0 on the section has energy %1 inside the domain; try another E.").arg(E));
        return false;
    }
    std::vector<std::pair<double, double>> seeds;
    for (int k = 0; k < n; ++k) {
        const size_t i = static_cast<size_t>((allowed.size() - 1) * (k + 0.5) / n);
        seeds.emplace_back(allowed[i], 0.0);
    }
    clearSection();
    showError(QString());
    compute(seeds, false);
    return true;
}

bool PoincareView::addOrbitAt(double q2, double p2) {
    if (!result_ || result_->model.dim() != 4 || !isEnabled()) return false;
    const auto& sys = result_->system;
    if (!sectionState([&](const double* x) { return sys->H(x); }, q2, p2, energy())) {
        showError(tr("(q2, p2) = (%1, %2) lies outside the energy surface E = %3").arg(q2, 0, 'g', 3).arg(p2, 0, 'g', 3).arg(energy()));
        return false;
    }
    showError(QString());
    compute({{q2, p2}}, true);
    return true;
}

void PoincareView::compute(std::vector<std::pair<double, double>> seeds, bool append) {
    const ResultPtr r = result_;
    SectionSettings s;
    s.energy = energy();
    s.bounds = r->settings.domain.intervals;
    s.crossings = static_cast<int>(text::parseInteger(crossings_->text().toStdString(), 1, 100000));
    const int total = static_cast<int>(seeds.size());
    sectionOf_ = r.get();
    note_->setText(total == 1 ? tr("Integrating the orbit…") : tr("Integrating %1 orbits…").arg(total));
    cancel_->setEnabled(true);
    // The orbits' flows (true and learned, one task each) run on the engine's thread pool,
    // orbit by orbit in the order of the seeds; each orbit reaches the plot as soon as both of
    // its flows have it (a posted call runs on the GUI thread, and only if no newer request
    // superseded this one). The pool is shared: a fit that runs meanwhile takes its turn.
    job_->start<int>(
        [this, r, s, seeds, append, total](const JobRunner::Context& ctx) {
            const auto& sys = r->system;
            RunControl control(nullptr, &ctx.cancelFlag());
            std::vector<std::optional<Eigen::VectorXd>> starts;
            int done = 0;  // seeds finished: both flows integrated, or no state on the energy surface
            for (const auto& [q2, p2] : seeds) {
                starts.push_back(sectionState([&](const double* x) { return sys->H(x); }, q2, p2, s.energy));
                if (!starts.back()) ++done;
            }
            std::vector<SectionOrbit> flows(2 * seeds.size());  // seed k: 2k true, 2k + 1 learned
            const FieldFn truth = [&](const double* x, double* dx) { sys->vectorField(x, dx); };
            const FieldFn learned = [&](const double* x, double* dx) { r->model.vectorField(x, dx); };
            std::vector<int> finished(seeds.size(), 0);  // flows of seed k integrated
            std::mutex posting;  // guards finished and done; the posted counts in the order reached
            parallel::parallelFor(static_cast<std::int64_t>(flows.size()), [&](std::int64_t task, int) {
                const std::size_t k = static_cast<std::size_t>(task / 2);
                if (!starts[k]) return;
                flows[static_cast<std::size_t>(task)] = sectionOrbit(task % 2 == 0 ? truth : learned, *starts[k], s, &control);
                std::lock_guard<std::mutex> lock(posting);
                if (++finished[k] < 2) return;
                const SectionOrbit& t = flows[2 * k];
                const SectionOrbit& l = flows[2 * k + 1];
                Section orbit;
                orbit.truthLeft = t.leftBounds;
                orbit.learnedLeft = l.leftBounds;
                for (Eigen::Index i = 0; i < t.crossings.rows(); ++i) orbit.truth.push_back(t.crossings.row(i).transpose());
                for (Eigen::Index i = 0; i < l.crossings.rows(); ++i) orbit.learned.push_back(l.crossings.row(i).transpose());
                const int now = ++done;
                ctx.post([this, orbit = std::move(orbit), now, total, append] { addOrbit(orbit, now, total, !append); });
            });
            return done;
        },
        [this](const int&) {
            QString note = tr("Section q1 = 0, p1 > 0 at E = %1: %2 true and %3 learned crossings. Click to start a new orbit.")
                               .arg(energy())
                               .arg(trueStates_.size())
                               .arg(learnedStates_.size());
            // Few crossings puzzle: say when orbits ended at the box (the learned Ĥ is fitted
            // only inside it, so the flows stop there).
            if (truthLeft_ > 0 || learnedLeft_ > 0)
                note += tr(" Orbits that left the training box and stopped there: %1 of %2 (true flow), %3 of %2 "
                           "(learned flow); a lower E keeps them inside.")
                            .arg(truthLeft_)
                            .arg(orbitsDrawn_)
                            .arg(learnedLeft_);
            note_->setText(note);
            emit sectionShown();
        },
        [this](const QString& message) { showError(message); });
}

void PoincareView::addOrbit(const Section& orbit, int done, int total, bool zoom) {
    ++orbitsDrawn_;
    truthLeft_ += orbit.truthLeft ? 1 : 0;
    learnedLeft_ += orbit.learnedLeft ? 1 : 0;
    trueStates_.insert(trueStates_.end(), orbit.truth.begin(), orbit.truth.end());
    learnedStates_.insert(learnedStates_.end(), orbit.learned.begin(), orbit.learned.end());
    if (done < total) note_->setText(tr("Integrating orbit %1 of %2…").arg(done + 1).arg(total));
    redraw();
    if (zoom) zoomToPoints();
}

void PoincareView::redraw() {
    auto fill = [](QCPGraph* g, const std::vector<Eigen::VectorXd>& states, bool show) {
        QVector<double> x, y;
        if (show)
            for (const auto& s : states) {
                x.push_back(s(1));
                y.push_back(s(3));
            }
        g->setData(x, y);
    };
    fill(trueGraph_, trueStates_, showTrue_->isChecked());
    fill(learnedGraph_, learnedStates_, showLearned_->isChecked());
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

void PoincareView::zoomToPoints() {
    bool found = false;
    QCPRange x, y;
    for (QCPGraph* g : {trueGraph_, learnedGraph_}) {
        bool ok = false;
        const QCPRange gx = g->getKeyRange(ok);
        if (!ok) continue;
        const QCPRange gy = g->getValueRange(ok);
        x = found ? QCPRange(std::min(x.lower, gx.lower), std::max(x.upper, gx.upper)) : gx;
        y = found ? QCPRange(std::min(y.lower, gy.lower), std::max(y.upper, gy.upper)) : gy;
        found = true;
    }
    if (!found) return;
    const double mx = 0.08 * std::max(x.size(), 1e-3), my = 0.08 * std::max(y.size(), 1e-3);
    plot_->xAxis->setRange(x.lower - mx, x.upper + mx);
    plot_->yAxis->setRange(y.lower - my, y.upper + my);
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace shnn::ui
