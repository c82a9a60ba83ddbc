#include "ui/views/runs_view.h"

#include "core/io/atomic_file.h"
#include "core/systems/system.h"
#include "ui/views/error_heatmap_view.h"
#include "ui/jobs/job_runner.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace shnn::ui {

namespace {
const QStringList kColumns = {"#", "system", "sampler", "width", "train", "seed", "rel_l2_H", "rel_l2_gradH", "seconds",
                              "domain", "anchor"};

// "[-6.28, 6.28] × [-6, 6]"
QString domainText(const Domain& d) {
    QStringList parts;
    for (const auto& iv : d.intervals) parts << QString("[%1, %2]").arg(iv.lo, 0, 'g', 3).arg(iv.hi, 0, 'g', 3);
    return parts.join(" × ");
}

// "(0, 0): 0", marked when the anchor lies outside the box.
QString anchorText(const TrainingSettings& s) {
    QStringList x;
    for (double v : s.anchor) x << QString::number(v, 'g', 3);
    QString t = QString("(%1): %2").arg(x.join(", ")).arg(s.anchorH.value_or(0.0), 0, 'g', 4);
    if (!anchorInside(s.domain, s.anchor)) t += QObject::tr(" — outside the box");
    return t;
}

struct Pair {
    GridValues a, b;
};
} // namespace

RunsView::RunsView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* split = new QSplitter(Qt::Vertical, this);
    auto* top = new QWidget(split);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    table_ = new QTableWidget(0, kColumns.size(), top);
    table_->setHorizontalHeaderLabels(kColumns);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::MultiSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->setVisible(false);
    topLayout->addWidget(table_);
    auto* row = new QHBoxLayout;
    hint_ = new QLabel(tr("Select two runs to compare their error heatmaps on one colour scale; double-click a run to show it."), top);
    hint_->setWordWrap(true);
    exportCsv_ = new QPushButton(tr("Export CSV…"), top);
    row->addWidget(hint_, 1);
    row->addWidget(exportCsv_);
    topLayout->addLayout(row);
    // Until two runs are compared, a note stands where the heatmaps go (empty plots would
    // read as "no error").
    bottom_ = new QStackedWidget(split);
    note_ = new QLabel(tr("No comparison yet.\n\nTrain two runs of one system (say ELM and SWIM at the same width),\n"
                               "then click both of their rows above to see their errors\n"
                               "side by side on one colour scale."),
                            bottom_);
    note_->setAlignment(Qt::AlignCenter);
    note_->setWordWrap(true);
    note_->setStyleSheet("color: palette(mid); font-size: 13pt;");
    auto* pairPage = new QWidget(bottom_);
    auto* pair = new QHBoxLayout(pairPage);
    pair->setContentsMargins(0, 0, 0, 0);
    left_ = new ErrorHeatmapView(pairPage);
    right_ = new ErrorHeatmapView(pairPage);
    pair->addWidget(left_);
    pair->addWidget(right_);
    bottom_->addWidget(note_);
    bottom_->addWidget(pairPage);
    split->addWidget(top);
    split->addWidget(bottom_);
    split->setStretchFactor(1, 3);
    layout->addWidget(split);
    job_ = new JobRunner(objectName().isEmpty() ? "shnn-job" : objectName(), this);

    connect(table_, &QTableWidget::itemSelectionChanged, this, &RunsView::selectionChanged);
    connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int r, int) { emit runActivated(r); });
    connect(exportCsv_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export runs"), QString(), tr("CSV (*.csv)"));
        if (path.isEmpty()) return;
        try {
            io::writeFileAtomically(path.toStdString(), csv().toStdString());
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("Export runs"), QString::fromUtf8(e.what()));
        }
    });
}

void RunsView::setRuns(const std::vector<ResultPtr>& runs, int current) {
    runs_ = runs;
    if (runs.size() < 2) bottom_->setCurrentIndex(0);
    const QSignalBlocker block(table_);
    table_->setRowCount(static_cast<int>(runs.size()));
    for (int i = 0; i < static_cast<int>(runs.size()); ++i) {
        const TrainingResult& r = *runs[static_cast<size_t>(i)];
        const QStringList cells = {QString::number(i + 1),
                                   QString::fromStdString(r.settings.system),
                                   QString::fromStdString(samplerTitle(r.settings.sampler)),
                                   QString::number(r.settings.width),
                                   QString::number(r.settings.train),
                                   QString::number(r.settings.seed),
                                   QString::number(r.test.relL2H, 'e', 2),
                                   QString::number(r.test.relL2Grad, 'e', 2),
                                   r.openedFrom.empty() ? QString::number(r.seconds.total, 'f', 3) : tr("(file)"),
                                   domainText(r.settings.domain),
                                   anchorText(r.settings)};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (i == current) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            table_->setItem(i, c, item);
        }
    }
}

void RunsView::compare(int a, int b) {
    table_->clearSelection();
    table_->selectRow(a);
    table_->selectRow(b);
}

bool RunsView::comparisonVisible() const { return bottom_->currentIndex() == 1; }

QString RunsView::noteText() const { return note_->text(); }

bool RunsView::comparing() const { return table_->selectionModel()->selectedRows().size() == 2; }

void RunsView::selectionChanged() {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.size() != 2) {
        hint_->setText(rows.size() > 2 ? tr("Select exactly two runs to compare.")
                                       : tr("Select two runs to compare their error heatmaps on one colour scale; double-click a run to show it."));
        return;
    }
    const ResultPtr a = runs_[static_cast<size_t>(std::min(rows[0].row(), rows[1].row()))];
    const ResultPtr b = runs_[static_cast<size_t>(std::max(rows[0].row(), rows[1].row()))];
    if (a->settings.system != b->settings.system || a->settings.domain.dim() != b->settings.domain.dim()) {
        job_->cancel();
        const QString why = tr("Runs %1 and %2 are of different systems (%3 and %4): their errors are not comparable "
                               "on one picture. Select two runs of one system.")
                                .arg(std::min(rows[0].row(), rows[1].row()) + 1)
                                .arg(std::max(rows[0].row(), rows[1].row()) + 1)
                                .arg(QString::fromStdString(a->system->title()), QString::fromStdString(b->system->title()));
        hint_->setText(why);
        note_->setText(why);
        bottom_->setCurrentIndex(0);
        return;
    }
    hint_->setText(tr("Comparing runs %1 and %2 on one colour scale.").arg(std::min(rows[0].row(), rows[1].row()) + 1).arg(std::max(rows[0].row(), rows[1].row()) + 1));
    Slice slice = slice_;
    if (slice.fixed.size() != static_cast<size_t>(a->model.dim())) slice = Slice::defaultFor(a->settings.domain);
    const GridSpec spec = GridSpec::over(a->settings.domain, slice, 160, 160);
    job_->start<Pair>(
        [a, b, spec](const JobRunner::Context& ctx) {
            RunControl control(nullptr, &ctx.cancelFlag());
            // Each run against its own system: two runs may differ in their parameters.
            return Pair{evaluateGrid(*a->system, &a->model, spec, false, &control),
                        evaluateGrid(*b->system, &b->model, spec, false, &control)};
        },
        [this, a, b, slice](const Pair& p) {
            const auto names = a->system->coordinateNames();
            const QString xl = QString::fromStdString(names[static_cast<size_t>(slice.ix)]);
            const QString yl = QString::fromStdString(names[static_cast<size_t>(slice.iy)]);
            left_->setErrorRange(0, 0);
            right_->setErrorRange(0, 0);
            left_->setGrid(p.a, a->train.X, xl, yl);
            right_->setGrid(p.b, b->train.X, xl, yl);
            const double lo = std::min(left_->errorRange().first, right_->errorRange().first);
            const double hi = std::max(left_->errorRange().second, right_->errorRange().second);
            left_->setErrorRange(lo, hi);
            right_->setErrorRange(lo, hi);
            // Runs of one system may differ in their parameters: then each title names its own.
            const bool sameParams = a->settings.params == b->settings.params;
            auto title = [sameParams](const TrainingResult& r) {
                QString params;
                if (!sameParams)
                    for (const auto& [k, v] : r.settings.params) params += QString(" %1=%2").arg(QString::fromStdString(k)).arg(v, 0, 'g', 6);
                return QString("%1, width %2%3: rel. L2 error %4")
                    .arg(QString::fromStdString(samplerTitle(r.settings.sampler)))
                    .arg(r.settings.width)
                    .arg(params.isEmpty() ? QString() : "," + params)
                    .arg(r.test.relL2H, 0, 'e', 1);
            };
            left_->setTitle(title(*a));
            right_->setTitle(title(*b));
            bottom_->setCurrentIndex(1);
            emit comparisonShown();
        });
}

QString RunsView::csv() const {
    QString out = "run,system,sampler,width,train,test,seed,rcond,solver,rel_l2_H,rel_l2_gradH,seconds_total,seconds_solve,"
                  "domain,anchor,anchor_H\n";
    for (size_t i = 0; i < runs_.size(); ++i) {
        const TrainingResult& r = *runs_[i];
        QStringList dom, anc;
        for (const auto& iv : r.settings.domain.intervals) dom << QString("%1:%2").arg(iv.lo, 0, 'g', 17).arg(iv.hi, 0, 'g', 17);
        for (double v : r.settings.anchor) anc << QString::number(v, 'g', 17);
        out += QString("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12,%13,\"%14\",\"%15\",%16\n")
                   .arg(i + 1)
                   .arg(QString::fromStdString(r.settings.system), QString::fromStdString(samplerName(r.settings.sampler)))
                   .arg(r.settings.width)
                   .arg(r.settings.train)
                   .arg(r.settings.test)
                   .arg(r.settings.seed)
                   .arg(r.settings.rcond, 0, 'g', 6)
                   .arg(QString::fromStdString(solverName(r.settings.solver)))
                   .arg(r.test.relL2H, 0, 'e', 6)
                   .arg(r.test.relL2Grad, 0, 'e', 6)
                   .arg(r.seconds.total, 0, 'f', 4)
                   .arg(r.seconds.solve, 0, 'f', 4)
                   .arg(dom.join(","), anc.join(","))
                   .arg(r.settings.anchorH.value_or(0.0), 0, 'g', 17);
    }
    return out;
}

} // namespace shnn::ui
