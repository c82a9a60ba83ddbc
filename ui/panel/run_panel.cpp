#include "ui/panel/run_panel.h"

#include "core/train/trainer.h"
#include "ui/views/plot_style.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace shnn::ui {

RunPanel::RunPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* buttons = new QHBoxLayout;
    train_ = new QPushButton(tr("Train"), this);
    train_->setToolTip(tr("Sample the hidden layer and solve for the last layer (Ctrl+Return)"));
    train_->setDefault(true);
    cancel_ = new QPushButton(tr("Cancel"), this);
    cancel_->setToolTip(tr("Stop the running fit and keep the previous result (Esc)"));
    cancel_->setEnabled(false);
    buttons->addWidget(train_);
    buttons->addWidget(cancel_);
    layout->addLayout(buttons);
    live_ = new QCheckBox(tr("Live: retrain after each change"), this);
    live_->setToolTip(tr("Retrains 0.3 s after the last edit, for fits up to width 1000 × 10000 points; "
                         "a newer change supersedes a running fit"));
    live_->setChecked(true);
    layout->addWidget(live_);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setValue(0);
    progress_->setTextVisible(true);
    progress_->setFormat(tr("idle"));
    layout->addWidget(progress_);
    result_ = new QLabel(this);
    result_->setWordWrap(true);
    result_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    result_->setText(tr("No fit yet."));
    layout->addWidget(result_);
    gcv_ = new QCustomPlot(this);
    gcv_->setObjectName("gcvPlot");
    stylePlot(gcv_);
    gcv_->setMinimumHeight(170);
    gcv_->setMaximumHeight(220);
    gcv_->setToolTip(tr("Generalised cross-validation: the error the fit predicts on a left-out row, for each "
                        "damping rcond; rcond auto takes the minimum"));
    for (QCPAxis* a : {gcv_->xAxis, gcv_->yAxis}) {
        a->setScaleType(QCPAxis::stLogarithmic);
        a->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        a->setNumberFormat("eb");
        a->setNumberPrecision(0);
    }
    gcv_->xAxis->setLabel(tr("rcond"));
    gcv_->yAxis->setLabel(tr("GCV / min"));
    gcv_->addGraph();  // the curve
    gcv_->graph(0)->setPen(QPen(palette::trueColor(), 2));
    gcv_->graph(0)->setName(tr("GCV"));
    gcv_->addGraph();  // the chosen rcond
    gcv_->graph(1)->setLineStyle(QCPGraph::lsNone);
    gcv_->graph(1)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, palette::learnedColor(), palette::learnedColor(), 9));
    gcv_->hide();
    layout->addWidget(gcv_);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->setProperty("role", "note");
    // Room for two lines kept even when empty, so the panel does not jump when a note appears.
    note_->setMinimumHeight(2 * note_->fontMetrics().lineSpacing() + 4);
    note_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    layout->addWidget(note_);
}

void RunPanel::setRunning(bool running) {
    cancel_->setEnabled(running);
    if (!running) {
        progress_->setValue(0);
        progress_->setFormat(tr("idle"));
    }
}

void RunPanel::setProgress(const Progress& p) {
    QString stage = QString::fromUtf8(stageName(p.stage));
    if (p.passes > 1) stage += tr(" (pass %1 of %2%3)").arg(p.pass).arg(p.passes).arg(p.pass == 1 ? ": U-SWIM" : ": SWIM on Ĥ");
    // The bar spans both passes of A-SWIM; stages split each pass by their typical share.
    static const double start[] = {0.0, 0.05, 0.1, 0.9, 0.95};
    static const double share[] = {0.05, 0.05, 0.8, 0.05, 0.05};
    const int s = static_cast<int>(p.stage);
    const double within = start[s] + share[s] * p.fraction;
    const double overall = (p.pass - 1 + within) / std::max(1, p.passes);
    progress_->setValue(static_cast<int>(1000 * overall));
    progress_->setFormat(tr("%1 — %2%").arg(stage).arg(static_cast<int>(100 * p.fraction)));
}

void RunPanel::showResult(const TrainingResult& r, bool intermediate) {
    const auto& t = r.seconds;
    QString text = tr("<b>rel. L2 error of H</b>: %1<br><b>rel. L2 error of ∇H</b>: %2<br>"
                      "time: sample %3 s · assemble %4 s · solve %5 s · evaluate %6 s · total %7 s")
                       .arg(r.test.relL2H, 0, 'e', 2)
                       .arg(r.test.relL2Grad, 0, 'e', 2)
                       .arg(t.sample, 0, 'f', 3)
                       .arg(t.assemble, 0, 'f', 3)
                       .arg(t.solve, 0, 'f', 3)
                       .arg(t.evaluate, 0, 'f', 3)
                       .arg(t.total, 0, 'f', 3);
    if (!r.openedFrom.empty())
        text = tr("<b>rel. L2 error of H</b>: %1<br><b>rel. L2 error of ∇H</b>: %2<br>"
                  "model opened from %3 (trained elsewhere: no times)")
                   .arg(r.test.relL2H, 0, 'e', 2)
                   .arg(r.test.relL2Grad, 0, 'e', 2)
                   .arg(QString::fromStdString(r.openedFrom).toHtmlEscaped());
    if (r.testUncorrected)
        text += tr("<br>before the first-order correction: rel. L2 error of H %1, of ∇H %2 (h = %3)")
                    .arg(r.testUncorrected->relL2H, 0, 'e', 2)
                    .arg(r.testUncorrected->relL2Grad, 0, 'e', 2)
                    .arg(r.settings.data.h);
    if (r.firstModel && r.openedFrom.empty())
        text += tr("<br>A-SWIM first pass: %1 neurons on %2 of %3 states%4")
                    .arg(r.firstModel->width())
                    .arg(r.firstPassStates)
                    .arg(r.train.size())
                    .arg(r.settings.aswimFullFirstPass ? tr(" (the paper's full pass)") : QString());
    if (r.settings.rcondAuto) text += tr("<br>rcond chosen by cross-validation: %1").arg(r.solve.rcondChosen, 0, 'e', 2);
    if (intermediate) text = tr("<i>A-SWIM pass 1 (U-SWIM), resampling…</i><br>") + text;
    result_->setText(text);
    showGcvCurve(r);
}

void RunPanel::showGcvCurve(const TrainingResult& r) {
    const auto& curve = r.solve.gcvCurve;
    if (!r.settings.rcondAuto || curve.empty()) {
        gcv_->hide();
        return;
    }
    // Relative to the minimum: the shape matters, not GCV's units.
    const auto byScore = [](const auto& a, const auto& b) { return a.second < b.second; };
    const double best = std::min_element(curve.begin(), curve.end(), byScore)->second;
    const auto relative = [&](double g) { return best > 0 ? g / best : 1.0; };
    QVector<double> x, y;
    for (const auto& [rc, g] : curve) {
        x << rc;
        y << relative(g);
    }
    gcv_->graph(0)->setData(x, y, true);
    // The engine's choice, on the curve (its grid point).
    const double chosen = r.solve.rcondChosen;
    const auto at = std::min_element(curve.begin(), curve.end(), [&](const auto& a, const auto& b) {
        return std::abs(std::log(a.first / chosen)) < std::abs(std::log(b.first / chosen));
    });
    gcv_->graph(1)->setData({chosen}, {relative(at->second)});
    gcv_->xAxis->setRange(x.front(), x.back());
    const double top = *std::max_element(y.begin(), y.end());
    gcv_->yAxis->setRange(0.8, std::max(10.0, top * 1.5));
    gcv_->show();
    gcv_->replot();
}

void RunPanel::showNote(const QString& text) { note_->setText(text); }
QString RunPanel::resultText() const { return result_->text(); }
QString RunPanel::noteText() const { return note_->text(); }

} // namespace shnn::ui
