#pragma once
// Train and Cancel, the live-mode switch, the progress of the running fit (stage, pass and
// fraction), and the last fit's numbers: rel_l2_H, rel_l2_gradH and the time per stage.
#include "core/progress.h"

#include <QWidget>

class QCheckBox;
class QCustomPlot;
class QLabel;
class QProgressBar;
class QPushButton;

namespace shnn {
struct TrainingResult;
}

namespace shnn::ui {

class RunPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunPanel(QWidget* parent = nullptr);

    void setRunning(bool running);
    void setProgress(const Progress& p);
    void showResult(const TrainingResult& r, bool intermediate);
    void showNote(const QString& text);  // e.g. "cancelled — the previous result stays"

    QPushButton* trainButton() const { return train_; }
    QPushButton* cancelButton() const { return cancel_; }
    QCheckBox* liveBox() const { return live_; }
    QProgressBar* progressBar() const { return progress_; }
    QString resultText() const;
    QString noteText() const;
    // rcond auto: GCV against rcond for the shown fit, the chosen value marked (hidden otherwise).
    QCustomPlot* gcvPlot() const { return gcv_; }

private:
    QPushButton* train_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QCheckBox* live_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* result_ = nullptr;
    QLabel* note_ = nullptr;
    QCustomPlot* gcv_ = nullptr;
    void showGcvCurve(const TrainingResult& r);
};

} // namespace shnn::ui
