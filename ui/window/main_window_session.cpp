// MainWindow: files — sessions (save, open, recent files) and opening a model file. A session
// holds every run (settings and networks; training states are redrawn from their seeds), the
// sweep rows, and the view choices: the open tab, the slice, the trajectory request and the
// Poincaré energy.
#include "core/io/model_run.h"
#include "core/io/session_file.h"
#include "ui/jobs/job_runner.h"
#include "ui/jobs/train_controller.h"
#include "ui/window/main_window.h"

#include "core/train/data_file_fit.h"
#include "ui/views/poincare_view.h"
#include "ui/views/runs_view.h"
#include "ui/panel/slice_controls.h"
#include "ui/views/sweep_view.h"
#include "ui/views/trajectory_view.h"

#include <QAction>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>
#include <stdexcept>

namespace shnn::ui {

namespace {

using Json = nlohmann::ordered_json;

std::vector<double> numberList(const Json& j, const char* what) {
    if (!j.is_array()) throw std::invalid_argument(std::string("view: '") + what + "' is not a list");
    std::vector<double> out;
    for (const auto& v : j) {
        if (!v.is_number() || !std::isfinite(v.get<double>())) throw std::invalid_argument(std::string("view: '") + what + "' holds a bad number");
        out.push_back(v.get<double>());
    }
    return out;
}

} // namespace

QString MainWindow::saveSession(const QString& path) {
    io::Session s;
    for (const auto& r : runs()) s.runs.push_back(*r);
    s.current = session_->currentIndex();
    s.sweep = sweep_->rows();
    // The view choices belong to the run on screen: a slice or a start state that does not
    // fit it (the form switched to another system that was not trained yet) is not saved.
    const int D = currentResult() ? currentResult()->model.dim() : 0;
    Json view = Json::object();
    view["tab"] = currentView().toStdString();
    if (const auto slice = slice_->slice(); slice && static_cast<int>(slice->fixed.size()) == D)
        view["slice"] = {{"ix", slice->ix}, {"iy", slice->iy}, {"fixed", slice->fixed}};
    if (const auto t = trajectories_->readRequest(); t && t->x0.size() == D)
        view["trajectory"] = {{"x0", std::vector<double>(t->x0.data(), t->x0.data() + t->x0.size())},
                              {"t_end", t->tEnd},
                              {"samples", t->samples}};
    if (std::isfinite(poincare_->energy())) view["poincare_energy"] = poincare_->energy();
    session_->viewState = view;
    s.view = view;
    try {
        io::saveSession(path.toStdString(), s);
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    rememberRecent(path);
    return QString();
}

QString MainWindow::openModel(const QString& path) {
    io::ModelFile file;
    try {
        file = io::loadModel(path.toStdString());
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    const std::string name = QFileInfo(path).fileName().toStdString();
    modelJob_->start<ResultPtr>(
        [file, name](const JobRunner::Context& ctx) {
            const RunControl control({}, &ctx.cancelFlag());
            return ResultPtr(std::make_shared<const TrainingResult>(io::runFromModelFile(file, name, &control)));
        },
        [this](const ResultPtr& r) {
            controller_->cancel();
            session_->add(r);
            showRun(static_cast<int>(runs().size()) - 1);
        },
        [this, path](const QString& message) { emit fitFailed(QString(), path + ": " + message); });
    return QString();
}

QString MainWindow::importData(const QString& path) {
    // Read now: a bad file is named next to the field, and nothing on screen changes.
    auto refuse = [this](const QString& message) {
        form_->showError("data-file", message);
        return message;
    };
    const auto current = form_->readSettings();
    if (!current) return tr("Fix the marked field first: the data are fitted with the panel's settings.");
    TrainingSettings s = *current;
    DataFile file;
    try {
        file = readDataFileFor(*systemFor(s), path.toStdString());
    } catch (const SettingsError& e) {
        return refuse(QString::fromStdString(e.reason()));
    }
    s.dataFile = path.toStdString();
    // The test set and the views where the data are; the anchor follows the new box.
    s.domain = file.box();
    s.anchor.clear();
    s.anchorH.reset();
    try {
        applySettings(resolveSettings(s));
    } catch (const SettingsError& e) {
        return refuse(QString::fromStdString(e.what()));
    }
    train();
    return QString();
}

QString MainWindow::openSession(const QString& path) {
    io::Session s;
    std::optional<Slice> slice;
    std::optional<TrajectoryRequest> request;
    QString tab;
    double energy = std::nan("");
    try {
        s = io::loadSession(path.toStdString());
        // Check the view choices before anything on screen changes.
        const Json& v = s.view;
        const int D = s.current >= 0 ? s.runs[static_cast<size_t>(s.current)].model.dim() : 0;
        if (v.contains("tab")) {
            if (!v["tab"].is_string() || !viewNames().contains(QString::fromStdString(v["tab"].get<std::string>())))
                throw std::invalid_argument("view: unknown tab");
            tab = QString::fromStdString(v["tab"].get<std::string>());
        }
        if (v.contains("slice") && D > 0) {
            const Json& j = v["slice"];
            if (!j.is_object() || !j.contains("ix") || !j.contains("iy") || !j["ix"].is_number_integer() || !j["iy"].is_number_integer())
                throw std::invalid_argument("view: bad 'slice'");
            Slice sl;
            sl.ix = j["ix"].get<int>();
            sl.iy = j["iy"].get<int>();
            sl.fixed = numberList(j.value("fixed", Json::array()), "slice.fixed");
            if (sl.ix < 0 || sl.iy < 0 || sl.ix >= D || sl.iy >= D || sl.ix == sl.iy || static_cast<int>(sl.fixed.size()) != D)
                throw std::invalid_argument("view: 'slice' does not fit the current run's system");
            slice = sl;
        }
        if (v.contains("trajectory") && D > 0) {
            const Json& j = v["trajectory"];
            if (!j.is_object()) throw std::invalid_argument("view: bad 'trajectory'");
            TrajectoryRequest r;
            const auto x0 = numberList(j.value("x0", Json::array()), "trajectory.x0");
            if (static_cast<int>(x0.size()) != D) throw std::invalid_argument("view: 'trajectory.x0' does not fit the system");
            r.x0 = Eigen::Map<const Eigen::VectorXd>(x0.data(), D);
            if (!j.contains("t_end") || !j["t_end"].is_number() || !(j["t_end"].get<double>() > 0) || j["t_end"].get<double>() > 1e5)
                throw std::invalid_argument("view: bad 'trajectory.t_end'");
            r.tEnd = j["t_end"].get<double>();
            if (!j.contains("samples") || !j["samples"].is_number_integer() || j["samples"].get<std::int64_t>() < 2 ||
                j["samples"].get<std::int64_t>() > 1000000)
                throw std::invalid_argument("view: bad 'trajectory.samples'");
            r.samples = j["samples"].get<int>();
            request = r;
        }
        if (v.contains("poincare_energy")) {
            if (!v["poincare_energy"].is_number() || !std::isfinite(v["poincare_energy"].get<double>()))
                throw std::invalid_argument("view: bad 'poincare_energy'");
            energy = v["poincare_energy"].get<double>();
        }
    } catch (const std::invalid_argument& e) {
        return QString("%1: %2").arg(path, QString::fromUtf8(e.what()));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    controller_->cancel();
    std::vector<ResultPtr> opened;
    for (auto& r : s.runs) opened.push_back(std::make_shared<const TrainingResult>(std::move(r)));
    session_->replace(std::move(opened), -1);
    session_->viewState = s.view;
    sweep_->setRows(s.sweep);
    runsView_->setRuns(runs(), s.current);
    if (s.current >= 0) {
        // showRun sets up the run's system (slice and trajectory defaults) and starts its
        // pictures; the saved view choices then replace those defaults, and the pictures
        // restart with them (the JobRunner drops the superseded ones).
        showRun(s.current);
        if (slice) slice_->setSlice(*slice);
        if (request) trajectories_->setRequest(*request);
        if (slice || request) {
            refreshGrids(true);
            runTrajectory();
        }
    }
    if (std::isfinite(energy)) poincare_->setEnergy(energy);
    if (!tab.isEmpty()) showView(tab);
    rememberRecent(path);
    return QString();
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value("recentSessions").toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > 8) recent.removeLast();
    settings.setValue("recentSessions", recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    recentMenu_->clear();
    const QStringList recent = QSettings().value("recentSessions").toStringList();
    for (const QString& path : recent)
        recentMenu_->addAction(QFileInfo(path).fileName(), this, [this, path] {
            const QString error = openSession(path);
            if (!error.isEmpty()) statusBar()->showMessage(error, 10000);
        })->setToolTip(path);
    recentMenu_->setEnabled(!recent.isEmpty());
}

} // namespace shnn::ui
