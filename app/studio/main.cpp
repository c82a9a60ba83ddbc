// shnn-studio — the S-HNN desktop application. Without options it opens with the default
// preset trained and shown; with --screenshot it renders one view to a PNG and exits.
#include "core/errors.h"
#include "core/fit/blas_kernels.h"
#include "ui/window/main_window.h"
#include "ui/window/studio_options.h"

#include <QApplication>
#include <QIcon>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool has(int argc, char** argv, const char* option) {
    return std::any_of(argv + 1, argv + argc, [&](const char* a) { return !std::strcmp(a, option); });
}

bool envSet(const char* name) {
    const char* v = std::getenv(name);
    return v && *v;
}

} // namespace

int main(int argc, char** argv) {
    shnn::blas::restartWithKernelsForThisCpu();  // OpenBLAS's kernels for this CPU (blas_kernels.h)
    if (has(argc, argv, "--help") || has(argc, argv, "-h")) {
        std::fputs(shnn::ui::studioUsage(), stdout);
        return 0;
    }
    if (has(argc, argv, "--version")) {
        std::printf("shnn-studio %s\n", SHNN_VERSION);
        return 0;
    }
    // Qt aborts when no platform plugin can start. A screenshot needs no screen, so render
    // offscreen when there is no display; an interactive start gets one clear line instead.
    const bool display = envSet("DISPLAY") || envSet("WAYLAND_DISPLAY") || envSet("QT_QPA_PLATFORM") || has(argc, argv, "-platform");
    if (!display) {
        if (has(argc, argv, "--screenshot")) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
        } else {
            std::fputs("error: no display (DISPLAY and WAYLAND_DISPLAY are unset): start the studio from a desktop session, "
                       "or with scripts/run.sh, which falls back to a virtual display (xvfb-run)\n",
                       stderr);
            return 2;
        }
    }
    QApplication app(argc, argv);
    QApplication::setApplicationName("S-HNN Studio");
    QApplication::setOrganizationName("shnn");
    QApplication::setApplicationVersion(SHNN_VERSION);
    QApplication::setWindowIcon(QIcon(":/icons/shnn-studio.svg"));
    QApplication::setDesktopFileName("shnn-studio");
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    shnn::ui::StudioOptions options;
    try {
        std::vector<QString> views;
        for (const auto& v : shnn::ui::MainWindow::viewNames()) views.push_back(v);
        options = shnn::ui::parseStudioOptions(args, views);
    } catch (const shnn::SettingsError& e) {
        std::fprintf(stderr, "error: --%s: %s\n", e.key().c_str(), e.reason().c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    }
    shnn::ui::MainWindow window;
    shnn::ui::applyStudioOptions(window, options);
    if (!options.screenshot.isEmpty()) return shnn::ui::takeScreenshot(window, options);
    window.resize(options.size);
    window.show();
    if (options.presentation) window.setPresentation(true);
    if (options.model.isEmpty()) {
        window.train();
    } else if (const QString error = window.openModel(options.model); !error.isEmpty()) {
        std::fprintf(stderr, "error: --model: %s\n", error.toUtf8().constData());
        return 2;
    }
    return app.exec();
}
