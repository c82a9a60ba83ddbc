#pragma once
// Keeps a scroll area whose horizontal bar is off at least as wide as its content's minimum
// width, following the content whenever its layout changes (other fields, another zoom).
// Without it, the widest rows of the side panel were cut at the right edge.
#include <QObject>

class QScrollArea;

namespace shnn::ui {

class SideWidthFollower : public QObject {
public:
    // Watches `content` (install it with content->installEventFilter) on behalf of `area`.
    SideWidthFollower(QScrollArea* area, int minimumWidth, QObject* parent);
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QScrollArea* area_;
    int minimumWidth_;
};

} // namespace shnn::ui
