#pragma once
// Drives the studio window in UI tests the way a user does: click Train, then wait until the
// result's grids and its trajectory are drawn.
#include "timing.h"
#include "ui/window/main_window.h"
#include "ui/panel/run_panel.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

namespace shnn::test {

inline ui::ResultPtr trainAndWait(ui::MainWindow& w, int timeoutMs = kWorkTimeoutMs) {
    QSignalSpy shown(&w, &ui::MainWindow::resultShown);
    QSignalSpy trajectory(&w, &ui::MainWindow::trajectoryShown);
    QTest::mouseClick(w.runPanel()->trainButton(), Qt::LeftButton);
    if (!shown.wait(timeoutMs)) return nullptr;
    if (trajectory.isEmpty() && !trajectory.wait(timeoutMs)) return nullptr;
    return shown.takeFirst().at(0).value<ui::ResultPtr>();
}

} // namespace shnn::test
