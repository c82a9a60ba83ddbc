#include "ui/panel/side_width_follower.h"

#include <QEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <algorithm>

namespace shnn::ui {

SideWidthFollower::SideWidthFollower(QScrollArea* area, int minimumWidth, QObject* parent)
    : QObject(parent), area_(area), minimumWidth_(minimumWidth) {}

bool SideWidthFollower::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::LayoutRequest) {
        const auto* content = static_cast<QWidget*>(watched);
        const int needed =
            content->minimumSizeHint().width() + area_->verticalScrollBar()->sizeHint().width() + 2 * area_->frameWidth();
        area_->setMinimumWidth(std::max(minimumWidth_, needed));
    }
    return false;  // the content still handles its own layout
}

} // namespace shnn::ui
