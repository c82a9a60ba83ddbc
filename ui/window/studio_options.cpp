#include "ui/window/studio_options.h"

#include "core/errors.h"
#include "core/cluster/sweep_results.h"
#include "core/train/data_file_fit.h"
#include "core/io/model_file.h"
#include "app/options/command_line.h"
#include "core/text/parse.h"
#include "app/options/settings_options.h"
#include "core/analysis/sweep.h"
#include "ui/window/lessons.h"
#include "ui/window/main_window.h"
#include "ui/views/motion_view.h"
#include "ui/views/race_view.h"
#include "ui/views/poincare_view.h"
#include "ui/views/runs_view.h"
#include "ui/views/sampling_view.h"
#include "ui/panel/settings_form.h"
#include "ui/views/sweep_view.h"
#include "ui/views/trajectory_view.h"

#include <algorithm>
#include <QApplication>
#include <QEventLoop>
#include <QImage>
#include <QPixmap>
#include <QTimer>
#include <cstdio>
#include <functional>
#include <stdexcept>

namespace shnn::ui {

const char* studioUsage() {
    return "usage: shnn-studio [fit options] [--lesson ID] [--view VIEW] [--screenshot FILE.png] [--size WxH]\n"
           "  fit options (as `shnn fit`): --system NAME --param NAME=VALUE --domain LO:HI[,LO:HI]...\n"
           "      --sampler elm|uswim|aswim|swim --width M --train N --test N --seed S --rcond R --solver NAME\n"
           "  --view phase|error|trajectory|sampling|runs|sweep|poincare|motion|race   the tab to show\n"
           "  --screenshot FILE.png   train, render the window showing the view, write the PNG, exit\n"
           "  --size WxH              window size for the screenshot (default and minimum 1400x900)\n"
           "  --model FILE            open a saved model (shnn fit --save) instead of training\n"
           "  --data-file FILE.csv    measured states as the training set (File > Import data); the\n"
           "                          system given is the truth, the box the data's unless --domain\n"
           "  --lesson ID             a preset or lesson of the Presets menu: E1 ... E9, phase-space,\n"
           "                          energy-conservation, elm-wide, swim-placement, aswim-no-h,\n"
           "                          henon-heiles-section, double-pendulum-hard\n"
           "  trajectory view: --x0 V[,V...] --t-end T        poincare view: --energy E\n"
           "  runs view: --compare SAMPLER,SAMPLER            sampling view: --first-pass (A-SWIM)\n"
           "  sweep view: --sweep-samplers LIST --sweep-widths LIST --repeat R\n"
           "              [--sweep-vary NAME --sweep-values LIST]  (any setting shnn sweep --vary takes)\n"
           "              --sweep-results DIR   a Slurm sweep's folder (shnn sweep --slurm DIR) instead\n"
           "  motion view: --motion-time T (the moment shown)\n"
           "  race view: --steps S (Adam steps of the gradient-trained network; default 3000)\n"
           "  --presentation          presentation mode: full screen, no side panel, larger type\n"
           "  --zoom Z                text and lines Z times their normal size (0.7 to 3)\n"
           "  --version               print the version and exit\n"
           "Without --screenshot the window opens with the settings trained and shown.\n"
           "Bad options exit 2 with one line starting with \"error:\".\n";
}

StudioOptions parseStudioOptions(const std::vector<std::string>& args, const std::vector<QString>& views) {
    auto spec = fitOptionSpecs();
    for (const char* o : {"view", "screenshot", "x0", "t-end", "size", "lesson", "compare", "sweep-samplers", "sweep-widths",
                          "sweep-vary", "sweep-values", "repeat", "energy", "model", "motion-time", "zoom", "steps", "sweep-results", "data-file"})
        spec.push_back({o});
    spec.push_back({"first-pass", false});
    spec.push_back({"presentation", false});
    const text::CommandLine cl(args, spec);
    StudioOptions o;
    for (const auto& s : fitOptionSpecs()) o.anyFitOption = o.anyFitOption || cl.has(s.name);
    TrainingSettings base = MainWindow::defaultPreset();
    if (cl.has("lesson")) {
        o.lesson = QString::fromStdString(cl.value("lesson"));
        const Lesson* l = findLesson(o.lesson);
        if (!l) throw SettingsError("lesson", "unknown lesson '" + cl.value("lesson") + "' (known: " +
                                              lessonIds().join(", ").toStdString() + ")");
        base = l->settings;
        o.view = l->view;
    }
    if (cl.has("model")) {
        // The file holds the settings; fit options or a lesson would contradict it.
        if (o.anyFitOption || cl.has("lesson"))
            throw SettingsError("model", "takes its settings from the file; drop the fit options and --lesson");
        const std::string path = cl.value("model");
        try {
            base = io::loadModel(path).settings;
        } catch (const std::exception& e) {
            throw SettingsError("model", e.what());
        }
        o.model = QString::fromStdString(path);
    }
    if (cl.has("sweep-results")) {
        // A Slurm sweep's folder: checked now (exit 2 on a bad one); its system fills the panel
        // unless other options say otherwise.
        o.sweepResults = QString::fromStdString(cl.value("sweep-results"));
        try {
            const auto c = cluster::collectSweep(cl.value("sweep-results"));
            if (!o.anyFitOption && !cl.has("lesson") && !cl.has("model")) base = c.plan.sweep.base;
        } catch (const std::exception& e) {
            throw SettingsError("sweep-results", e.what());
        }
        if (!cl.has("view")) o.view = "sweep";
    }
    o.settings = settingsFromCommandLine(cl, base);
    if (cl.has("data-file")) {
        // Measured states as the training set, the chosen system as the truth (File ▸ Import data).
        if (cl.has("model")) throw SettingsError("data-file", "does not apply with --model");
        TrainingSettings s = o.settings;
        s.dataFile = cl.value("data-file");
        const DataFile file = readDataFileFor(*systemFor(s), s.dataFile);
        if (!cl.has("domain")) {
            s.domain = file.box();
            if (!cl.has("anchor")) s.anchor.clear();
            if (!cl.has("anchor-h")) s.anchorH.reset();
        }
        o.settings = resolveSettings(s);
    }
    if (cl.has("compare")) {
        o.compare = parseSamplerList(cl.value("compare"));
        if (o.compare.size() != 2) throw SettingsError("compare", "needs exactly two samplers, e.g. elm,swim");
    } else {
        o.compare = {Sampler::Elm, o.settings.sampler == Sampler::Elm ? Sampler::Swim : o.settings.sampler};
    }
    o.sweepSamplers = cl.has("sweep-samplers") ? parseSamplerList(cl.value("sweep-samplers"))
                                               : std::vector<Sampler>{Sampler::Elm, Sampler::USwim, Sampler::Swim};
    if (cl.has("sweep-widths")) {
        parseSizeList(cl.value("sweep-widths"), "sweep-widths");
        o.sweepWidths = QString::fromStdString(cl.value("sweep-widths"));
    } else {
        const long long w = o.settings.width;
        o.sweepWidths = QString("%1,%2,%3,%4").arg(std::max(1LL, w / 8)).arg(std::max(2LL, w / 4)).arg(std::max(3LL, w / 2)).arg(w);
    }
    if (cl.has("sweep-vary")) {
        // Any setting --vary takes (h, noise, a parameter …), with its values.
        o.sweepVary = QString::fromStdString(cl.value("sweep-vary"));
        const auto names = variedSettings(o.settings);
        if (std::find(names.begin(), names.end(), cl.value("sweep-vary")) == names.end())
            throw SettingsError("sweep-vary", "unknown setting '" + cl.value("sweep-vary") + "'");
        if (o.sweepVary != "width") {
            parseValueList(cl.required("sweep-values"), "sweep-values");
            o.sweepWidths = QString::fromStdString(cl.value("sweep-values"));
        }
    } else if (cl.has("sweep-values")) {
        throw SettingsError("sweep-values", "needs --sweep-vary NAME");
    }
    o.repeat = static_cast<int>(cl.integer("repeat", 1, 1, 100));
    if (cl.has("energy")) o.energy = cl.number("energy", 0);
    o.firstPass = cl.has("first-pass");
    o.presentation = cl.has("presentation");
    if (cl.has("zoom")) {
        const double z = cl.number("zoom", 1);
        if (!(z >= 0.7 && z <= 3.0)) throw SettingsError("zoom", "must lie between 0.7 and 3");
        o.zoom = z;
    }
    if (cl.has("steps")) {
        if (o.view != "race" && cl.value("view") != "race") throw SettingsError("steps", "only applies with --view race");
        o.steps = static_cast<long>(cl.integer("steps", 3000, 1, 10000000));
    }
    if (cl.has("motion-time")) {
        const double t = cl.number("motion-time", 0);
        if (!(t >= 0) || t > 1e5) throw SettingsError("motion-time", "must be a time in [0, 100000]");
        o.motionTime = t;
    }
    if (o.firstPass && o.settings.sampler != Sampler::ASwim)
        throw SettingsError("first-pass", "only A-SWIM has a first pass (use --sampler aswim)");
    if (cl.has("view")) {
        o.view = QString::fromStdString(cl.value("view"));
        if (std::find(views.begin(), views.end(), o.view) == views.end()) {
            QStringList known;
            for (const auto& v : views) known << v;
            throw SettingsError("view", "unknown view '" + cl.value("view") + "' (known: " + known.join(", ").toStdString() + ")");
        }
    }
    if (cl.has("screenshot")) {
        o.screenshot = QString::fromStdString(cl.value("screenshot"));
        if (!o.screenshot.toLower().endsWith(".png")) throw SettingsError("screenshot", "needs a file name ending in .png");
    }
    if (cl.has("x0")) {
        std::vector<double> x;
        try {
            for (const auto& v : text::splitList(cl.value("x0"))) x.push_back(text::parseNumber(v));
        } catch (const std::invalid_argument& e) {
            throw SettingsError("x0", e.what());
        }
        if (static_cast<int>(x.size()) != o.settings.domain.dim())
            throw SettingsError("x0", "needs " + std::to_string(o.settings.domain.dim()) + " values, got " + std::to_string(x.size()));
        o.x0 = x;
    }
    if (cl.has("t-end")) {
        const double t = cl.number("t-end", 0);
        if (!(t > 0) || t > 1e5) throw SettingsError("t-end", "must be a time in (0, 100000]");
        o.tEnd = t;
    }
    if (cl.has("size")) {
        const auto parts = text::splitList(cl.value("size"), 'x');
        try {
            if (parts.size() != 2) throw std::invalid_argument("expected WIDTHxHEIGHT, e.g. 1400x900");
            o.size = QSize(static_cast<int>(text::parseInteger(parts[0], 1400, 8000)),
                           static_cast<int>(text::parseInteger(parts[1], 900, 8000)));
        } catch (const std::invalid_argument& e) {
            throw SettingsError("size", std::string(e.what()) + " (at least 1400x900)");
        }
    }
    return o;
}

void applyStudioOptions(MainWindow& w, const StudioOptions& o) {
    // The lesson's scene (text, view, energy, start state) with the options' settings; the
    // first train() finishes it.
    if (!o.lesson.isEmpty()) w.applyLesson(o.lesson, false, &o.settings);
    else w.applySettings(o.settings);
    if (o.zoom) w.setZoomLevel(*o.zoom, false);  // for this start only
    if (o.energy) w.poincareView()->setEnergy(*o.energy);
    if (o.x0 || o.tEnd) {
        TrajectoryRequest r = w.trajectories()->readRequest().value_or(TrajectoryRequest{});
        if (o.x0) r.x0 = Eigen::Map<const Eigen::VectorXd>(o.x0->data(), static_cast<Eigen::Index>(o.x0->size()));
        if (o.tEnd) r.tEnd = *o.tEnd;
        w.trajectories()->setRequest(r);
    }
    if (!o.sweepResults.isEmpty()) w.sweepView()->openResults(o.sweepResults);
    w.showView(o.view);
}

namespace {

// Runs the event loop until `done` is signalled or a fit fails; returns the failure or "".
template <class Sender, class Signal>
QString waitFor(MainWindow& w, Sender* sender, Signal signal, const std::function<void()>& start) {
    QEventLoop loop;
    QString failure;
    auto c1 = QObject::connect(sender, signal, &loop, [&] { loop.quit(); });
    auto c2 = QObject::connect(&w, &MainWindow::fitFailed, &loop, [&](const QString& key, const QString& message) {
        failure = key.isEmpty() ? message : QString("--%1: %2").arg(key, message);
        loop.quit();
    });
    start();
    loop.exec();
    QObject::disconnect(c1);
    QObject::disconnect(c2);
    return failure;
}

// Trains (or opens the model file) and waits for the grids and the trajectory to be drawn.
QString trainAndDraw(MainWindow& w, const QString& model = QString()) {
    QEventLoop loop;
    bool result = false, trajectory = false;
    QString failure;
    auto check = [&] {
        if (result && trajectory) loop.quit();
    };
    auto c1 = QObject::connect(&w, &MainWindow::resultShown, &loop, [&] {
        result = true;
        check();
    });
    auto c2 = QObject::connect(&w, &MainWindow::trajectoryShown, &loop, [&] {
        trajectory = true;
        check();
    });
    auto c3 = QObject::connect(&w, &MainWindow::fitFailed, &loop, [&](const QString& key, const QString& message) {
        failure = key.isEmpty() ? message : QString("--%1: %2").arg(key, message);
        loop.quit();
    });
    if (model.isEmpty()) {
        w.train();
    } else {
        failure = w.openModel(model);
        if (!failure.isEmpty()) return failure;
    }
    loop.exec();
    for (auto c : {c1, c2, c3}) QObject::disconnect(c);
    return failure;
}

// Runs the event loop until nothing computes (grids, trajectories, sections).
void waitIdle(MainWindow& w) {
    while (w.busy()) {
        QEventLoop wait;
        QTimer::singleShot(20, &wait, &QEventLoop::quit);
        wait.exec();
    }
}

void settle() {
    // Let queued replots and layouts finish before grabbing.
    for (int i = 0; i < 5; ++i) {
        QApplication::processEvents();
        QEventLoop wait;
        QTimer::singleShot(20, &wait, &QEventLoop::quit);
        wait.exec();
    }
}

} // namespace

int takeScreenshot(MainWindow& w, const StudioOptions& o) {
    w.resize(o.size);
    w.show();
    if (o.presentation) {
        w.setPresentation(true);
        w.showNormal();  // offscreen there is no screen to fill: keep the requested size
        w.resize(o.size);
    }
    QString failure;
    if (!o.lesson.isEmpty() && !o.anyFitOption) {
        // The lesson finishes its own view (a section, a motion) when its result arrives.
        failure = waitFor(w, &w, &MainWindow::lessonShown, [&] { w.train(); });
        if (failure.isEmpty()) waitIdle(w);
    } else if (o.view == "runs" && o.model.isEmpty()) {
        for (Sampler s : o.compare) {
            TrainingSettings settings = o.settings;
            settings.sampler = s;
            w.applySettings(settings);
            failure = trainAndDraw(w);
            if (!failure.isEmpty()) break;
        }
        if (failure.isEmpty()) {
            const int n = static_cast<int>(w.runs().size());
            failure = waitFor(w, w.runsView(), &RunsView::comparisonShown, [&] { w.runsView()->compare(n - 2, n - 1); });
        }
    } else {
        failure = trainAndDraw(w, o.model);
        if (failure.isEmpty() && o.view == "sweep" && !o.sweepResults.isEmpty()) {
            if (!w.sweepView()->errorText().isEmpty()) failure = w.sweepView()->errorText();
        } else if (failure.isEmpty() && o.view == "sweep") {
            w.sweepView()->configure(o.sweepSamplers, o.sweepWidths, o.sweepVary, o.repeat);
            failure = waitFor(w, w.sweepView(), &SweepView::finished, [&] {
                if (!w.sweepView()->start()) QTimer::singleShot(0, w.sweepView(), &SweepView::finished);
            });
            if (failure.isEmpty() && !w.sweepView()->errorText().isEmpty()) failure = w.sweepView()->errorText();
        }
        if (failure.isEmpty() && o.view == "poincare") {
            failure = waitFor(w, w.poincareView(), &PoincareView::sectionShown, [&] {
                if (!w.poincareView()->run()) QTimer::singleShot(0, w.poincareView(), &PoincareView::sectionShown);
            });
            if (failure.isEmpty() && !w.poincareView()->errorText().isEmpty()) failure = w.poincareView()->errorText();
        }
        if (failure.isEmpty() && o.view == "sampling" && o.firstPass && !w.samplingView()->showFirstPass(true))
            failure = "--first-pass: only A-SWIM has a first pass";
        if (failure.isEmpty()) waitIdle(w);
    }
    if (failure.isEmpty() && o.view == "race") {
        RaceView* r = w.raceView();
        if (o.steps) r->configure({Sampler::USwim, Sampler::Swim}, *o.steps);
        failure = waitFor(w, r, &RaceView::finished, [&] {
            if (!r->start()) QTimer::singleShot(0, r, &RaceView::finished);
        });
        if (failure.isEmpty() && !r->errorText().isEmpty()) failure = r->errorText();
        if (failure.isEmpty()) waitIdle(w);
    }
    if (failure.isEmpty() && o.view == "motion") {
        MotionView* m = w.motionView();
        m->setTime(o.motionTime.value_or(0.6 * m->endTime()));
    }
    if (!failure.isEmpty()) {
        std::fprintf(stderr, "error: %s\n", failure.toUtf8().constData());
        return 1;
    }
    w.showView(o.view);
    settle();
    const QPixmap shot = w.grab();
    if (!shot.save(o.screenshot, "PNG")) {
        std::fprintf(stderr, "error: %s: could not write the screenshot\n", o.screenshot.toUtf8().constData());
        return 2;
    }
    return 0;
}

} // namespace shnn::ui
