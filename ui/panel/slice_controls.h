#pragma once
// For systems with more than one degree of freedom the portrait and the heatmap show a 2-D
// slice of phase space: the user picks the two plotted coordinates and the values of the
// others. Hidden for one-degree-of-freedom systems, where the slice is the whole (q, p) plane.
#include "core/analysis/grid.h"
#include "core/systems/domain.h"

#include <QWidget>
#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;

namespace shnn::ui {

class SliceControls : public QWidget {
    Q_OBJECT
public:
    explicit SliceControls(QWidget* parent = nullptr);

    // Resets to the default slice of a system with these coordinates over this box.
    void setSystem(const std::vector<std::string>& coordinates, const Domain& box);
    void setSlice(const Slice& s);
    // The chosen slice; shows an error and returns nothing when the values are bad.
    std::optional<Slice> slice();
    QString axisName(int i) const;

    QComboBox* xAxis() const { return x_; }
    QComboBox* yAxis() const { return y_; }
    QLineEdit* valueField(int coordinate) const;

signals:
    void changed();

private:
    void updateEnabled();

    QComboBox* x_ = nullptr;
    QComboBox* y_ = nullptr;
    QGridLayout* values_ = nullptr;
    QLabel* error_ = nullptr;
    std::vector<QLineEdit*> fields_;
    std::vector<std::string> names_;
    bool filling_ = false;
};

} // namespace shnn::ui
