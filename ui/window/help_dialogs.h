#pragma once
// The Help menu's windows: a short guide (resources/guide.html), the keyboard shortcuts (read
// from the menus themselves, so the list cannot go stale) and About (version, the libraries
// with their versions and licences).
#include <QString>

class QMenuBar;
class QMessageBox;
class QWidget;

namespace shnn::ui {

void showGuide(QWidget* parent);
void showShortcuts(QWidget* parent, QMenuBar* menus);
void showAbout(QWidget* parent);
QMessageBox* createAboutBox(QWidget* parent);  // the About box, not shown (showAbout runs it)
QString aboutText();      // the About box's text (rich text)
QString shortcutsText(QMenuBar* menus);

} // namespace shnn::ui
