// shnn-studio — the S-HNN desktop application. Without options it opens with the default
// preset trained and shown; with --screenshot it renders one view to a PNG and exits.
#include "core/errors.h"
#include "ui/main_window.h"
#include "ui/studio_options.h"

#include <QApplication>
#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("S-HNN Studio");
    QApplication::setOrganizationName("shnn");
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
    window.train();
    return app.exec();
}
