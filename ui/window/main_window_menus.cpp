// MainWindow: the menus and what they do without a file — exports, zoom, presentation mode,
// the Help menu. File dialogs open where the last one was (remembered between sessions),
// add the extension of the chosen type, and the status bar confirms every save.
#include "core/io/atomic_file.h"
#include "core/io/model_file.h"
#include "ui/window/help_dialogs.h"
#include "ui/window/lessons.h"
#include "ui/window/main_window.h"
#include "ui/views/plot_style.h"
#include "ui/panel/run_panel.h"
#include "ui/views/runs_view.h"
#include "ui/window/studio_session.h"
#include "ui/views/sweep_view.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <qcustomplot.h>

namespace shnn::ui {

namespace {

QString lastFolder() { return QSettings().value("dialogs/folder").toString(); }
void rememberFolder(const QString& path) { QSettings().setValue("dialogs/folder", QFileInfo(path).absolutePath()); }

// "PNG image (*.png)" → ".png": the extension a file name without one gets.
QString extensionOf(const QString& filter) {
    const QRegularExpressionMatch m = QRegularExpression("\\*(\\.[A-Za-z0-9.]+)").match(filter);
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace

QString MainWindow::askSavePath(const QString& title, const QString& filters) {
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, title, lastFolder(), filters, &selected);
    if (path.isEmpty()) return path;
    if (QFileInfo(path).suffix().isEmpty()) path += extensionOf(selected.isEmpty() ? filters : selected);
    rememberFolder(path);
    return path;
}

QString MainWindow::askOpenPath(const QString& title, const QString& filters) {
    const QString path = QFileDialog::getOpenFileName(this, title, lastFolder(), filters);
    if (!path.isEmpty()) rememberFolder(path);
    return path;
}

void MainWindow::confirmSaved(const QString& what, const QString& path) {
    statusBar()->showMessage(tr("Saved %1 to %2").arg(what, path), 8000);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open session…"), QKeySequence::Open, this, [this] {
        const QString path = askOpenPath(tr("Open session"), tr("S-HNN session (*.shnn.json *.json)"));
        if (path.isEmpty()) return;
        const QString error = openSession(path);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Open session"), error);
    });
    file->addAction(tr("Save session…"), QKeySequence::Save, this, [this] {
        const QString path = askSavePath(tr("Save session"), tr("S-HNN session (*.shnn.json)"));
        if (path.isEmpty()) return;
        const QString error = saveSession(path);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Save session"), error);
        else confirmSaved(tr("the session (%1 runs)").arg(runs().size()), path);
    });
    file->addAction(tr("Open model (JSON)…"), QKeySequence(tr("Ctrl+Shift+O")), this, [this] {
        const QString path = askOpenPath(tr("Open model"), tr("S-HNN model (*.json)"));
        if (path.isEmpty()) return;
        const QString error = openModel(path);
        if (!error.isEmpty()) QMessageBox::warning(this, tr("Open model"), error);
    });
    file->addAction(tr("Import data (CSV)…"), QKeySequence(tr("Ctrl+I")), this, &MainWindow::askImportData);
    recentMenu_ = file->addMenu(tr("Recent sessions"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("Export current plot (PNG/PDF/SVG)…"), QKeySequence(tr("Ctrl+E")), this, &MainWindow::exportCurrentPlot);
    file->addAction(tr("Export model (JSON)…"), QKeySequence(tr("Ctrl+Shift+S")), this, &MainWindow::exportModel);
    auto exportCsv = [this](const QString& title, const std::function<QString()>& csv) {
        const QString path = askSavePath(title, tr("CSV (*.csv)"));
        if (path.isEmpty()) return;
        try {
            io::writeFileAtomically(path.toStdString(), csv().toStdString());
            confirmSaved(tr("the table"), path);
        } catch (const std::exception& e) {
            QMessageBox::warning(this, title, QString::fromUtf8(e.what()));
        }
    };
    file->addAction(tr("Export runs table (CSV)…"), this, [this, exportCsv] { exportCsv(tr("Export runs"), [this] { return runsView_->csv(); }); });
    file->addAction(tr("Open sweep results (Slurm folder)…"), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open the folder of shnn sweep --slurm DIR"));
        if (dir.isEmpty()) return;
        sweep_->openResults(dir);  // a bad folder: the message shows in the sweep view
        showView("sweep");
    });
    file->addAction(tr("Export sweep results (CSV)…"), this, [this, exportCsv] { exportCsv(tr("Export sweep"), [this] { return sweep_->csv(); }); });
    file->addSeparator();
    file->addAction(tr("Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* run = menuBar()->addMenu(tr("&Train"));
    QAction* trainAction = run->addAction(tr("Train"), this, &MainWindow::train);
    trainAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    trainAction->setShortcutContext(Qt::ApplicationShortcut);
    QAction* cancelAction = run->addAction(tr("Cancel"), this, &MainWindow::cancel);
    cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    cancelAction->setShortcutContext(Qt::ApplicationShortcut);

    buildViewMenu();

    QMenu* presets = menuBar()->addMenu(tr("&Presets"));
    QMenu* rows = presets->addMenu(tr("The paper's experiments"));
    for (const auto& l : experimentPresets()) rows->addAction(l.title, this, [this, id = l.id] { applyLesson(id); });
    QMenu* lessons = presets->addMenu(tr("Lessons"));
    for (const auto& l : teachingLessons()) lessons->addAction(l.title, this, [this, id = l.id] { applyLesson(id); });

    buildHelpMenu();
}

void MainWindow::buildViewMenu() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    QAction* bigger = view->addAction(tr("Larger text and lines"), this, [this] { setZoomLevel(zoom() * 1.15); });
    bigger->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    view->addAction(tr("Smaller text and lines"), QKeySequence::ZoomOut, this, [this] { setZoomLevel(zoom() / 1.15); });
    view->addAction(tr("Normal size"), QKeySequence(Qt::CTRL | Qt::Key_0), this, [this] { setZoomLevel(1.0); });
    QAction* present = view->addAction(tr("Presentation mode"), QKeySequence(Qt::Key_F11), this,
                                       [this] { setPresentation(!presentation_); });
    present->setCheckable(true);
    connect(this, &MainWindow::windowTitleChanged, present, [this, present] { present->setChecked(presentation_); });
    view->addSeparator();
    view->addAction(tr("Reset the plot's axes"), QKeySequence(Qt::Key_Home), this, [this] {
        const int index = tabs_->currentIndex();
        if (index >= 0 && index < static_cast<int>(views_.size()) && views_[static_cast<size_t>(index)].plot)
            if (QCustomPlot* plot = views_[static_cast<size_t>(index)].plot()) resetAxes(plot);
    });
    view->addSeparator();
    for (size_t i = 0; i < views_.size(); ++i) {
        QAction* a = view->addAction(views_[i].title, this, [this, i] { tabs_->setCurrentIndex(static_cast<int>(i)); });
        if (i < 9) a->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + static_cast<int>(i))));
    }
}

void MainWindow::buildHelpMenu() {
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Guide"), QKeySequence::HelpContents, this, [this] { showGuide(this); });
    help->addAction(tr("Keyboard shortcuts"), this, [this] { showShortcuts(this, menuBar()); });
    help->addSeparator();
    help->addAction(tr("About S-HNN Studio"), this, [this] { showAbout(this); });
}

void MainWindow::setZoomLevel(double z, bool remember) {
    setZoom(z, remember);
    QFont f = font();
    f.setPointSizeF(kPlotFontPoints * zoom());
    setFont(f);
    applyZoom(this);
    statusBar()->showMessage(tr("Text and lines at %1%").arg(static_cast<int>(std::lround(zoom() * 100))), 3000);
}

void MainWindow::setPresentation(bool on) {
    if (on == presentation_) return;
    presentation_ = on;
    if (on) {
        zoomBeforePresentation_ = zoom();
        sidePanel()->hide();
        showFullScreen();
        setZoomLevel(std::max(zoomBeforePresentation_, 1.5), false);
    } else {
        sidePanel()->show();
        showNormal();
        setZoomLevel(zoomBeforePresentation_, false);
    }
    emit windowTitleChanged(windowTitle());  // keeps the menu's check mark in step
}

void MainWindow::exportCurrentPlot() {
    const QString path = askSavePath(tr("Export plot"), tr("PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)"));
    if (path.isEmpty()) return;
    const QString error = exportCurrentPlotTo(path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export plot"), error);
    else confirmSaved(tr("the plot"), path);
}

QString MainWindow::exportCurrentPlotTo(const QString& path) {
    const int index = tabs_->currentIndex();
    if (index < 0 || index >= static_cast<int>(views_.size())) return tr("no view is open");
    const ViewEntry& v = views_[static_cast<size_t>(index)];
    // Views with several plots (or none, as Motion): as PNG the whole view is saved.
    if (v.wholeViewAsPng && path.toLower().endsWith(".png"))
        return v.widget->grab().save(path, "PNG") ? QString() : tr("%1: could not write the file").arg(path);
    QCustomPlot* plot = v.plot ? v.plot() : nullptr;
    if (!plot) return tr("this view is saved as a PNG picture only");
    return exportPlot(plot, path);
}

void MainWindow::exportModel() {
    if (!currentResult()) return;
    const QString path = askSavePath(tr("Export model"), tr("S-HNN model (*.json)"));
    if (path.isEmpty()) return;
    const QString error = exportModelTo(path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export model"), error);
    else confirmSaved(tr("the model (load it with: shnn eval --model %1)").arg(path), path);
}

QString MainWindow::exportModelTo(const QString& path) {
    if (!currentResult()) return tr("no model yet: train first");
    try {
        io::saveModel(path.toStdString(), *currentResult());
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return QString();
}

void MainWindow::askImportData() {
    const QString path = askOpenPath(tr("Import measured data"), tr("CSV data (*.csv);;All files (*)"));
    if (path.isEmpty()) return;
    importData(path);  // a bad file: the message shows next to the data-file field
}

} // namespace shnn::ui
