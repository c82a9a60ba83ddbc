#include "studio_options.h"

#include "core/errors.h"
#include "core/text/command_line.h"
#include "core/text/parse.h"
#include "core/train/settings_options.h"
#include "main_window.h"
#include "trajectory_view.h"

#include <QApplication>
#include <QEventLoop>
#include <QImage>
#include <QPixmap>
#include <QTimer>
#include <cstdio>
#include <stdexcept>

namespace shnn::ui {

StudioOptions parseStudioOptions(const std::vector<std::string>& args, const std::vector<QString>& views) {
    auto spec = fitOptionSpecs();
    for (const char* o : {"view", "screenshot", "x0", "t-end", "size"}) spec.push_back({o});
    const text::CommandLine cl(args, spec);
    StudioOptions o;
    for (const auto& s : fitOptionSpecs()) o.anyFitOption = o.anyFitOption || cl.has(s.name);
    o.settings = settingsFromCommandLine(cl, MainWindow::defaultPreset());
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
    w.applySettings(o.settings);
    if (o.x0 || o.tEnd) {
        TrajectoryRequest r = w.trajectories()->readRequest().value_or(TrajectoryRequest{});
        if (o.x0) r.x0 = Eigen::Map<const Eigen::VectorXd>(o.x0->data(), static_cast<Eigen::Index>(o.x0->size()));
        if (o.tEnd) r.tEnd = *o.tEnd;
        w.trajectories()->setRequest(r);
    }
    w.showView(o.view);
}

int takeScreenshot(MainWindow& w, const StudioOptions& o) {
    w.resize(o.size);
    w.show();
    QEventLoop loop;
    bool haveResult = false, haveTrajectory = false;
    QString failure;
    auto check = [&] {
        if (haveResult && haveTrajectory) loop.quit();
    };
    QObject::connect(&w, &MainWindow::resultShown, &loop, [&] {
        haveResult = true;
        check();
    });
    QObject::connect(&w, &MainWindow::trajectoryShown, &loop, [&] {
        haveTrajectory = true;
        check();
    });
    QObject::connect(&w, &MainWindow::fitFailed, &loop, [&](const QString& key, const QString& message) {
        failure = key.isEmpty() ? message : QString("--%1: %2").arg(key, message);
        loop.quit();
    });
    w.train();
    loop.exec();
    if (!failure.isEmpty()) {
        std::fprintf(stderr, "error: %s\n", failure.toUtf8().constData());
        return 1;
    }
    // Let queued replots and layouts settle before grabbing.
    for (int i = 0; i < 5; ++i) {
        QApplication::processEvents();
        QTimer t;
        QEventLoop wait;
        QTimer::singleShot(20, &wait, &QEventLoop::quit);
        wait.exec();
    }
    const QPixmap shot = w.grab();
    if (!shot.save(o.screenshot, "PNG")) {
        std::fprintf(stderr, "error: %s: could not write the screenshot\n", o.screenshot.toUtf8().constData());
        return 2;
    }
    return 0;
}

} // namespace shnn::ui
