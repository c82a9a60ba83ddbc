#include "ui/panel/slice_controls.h"

#include "core/text/parse.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>
#include <stdexcept>

namespace shnn::ui {

SliceControls::SliceControls(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* group = new QGroupBox(tr("2-D slice shown in the portrait and heatmap"), this);
    auto* layout = new QVBoxLayout(group);
    auto* axes = new QFormLayout;
    x_ = new QComboBox(group);
    y_ = new QComboBox(group);
    x_->setToolTip(tr("Coordinate on the horizontal axis"));
    y_->setToolTip(tr("Coordinate on the vertical axis"));
    axes->addRow(tr("Horizontal"), x_);
    axes->addRow(tr("Vertical"), y_);
    layout->addLayout(axes);
    layout->addWidget(new QLabel(tr("Values of the other coordinates:"), group));
    auto* valuesBox = new QWidget(group);
    values_ = new QGridLayout(valuesBox);
    values_->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(valuesBox);
    error_ = new QLabel(group);
    error_->setProperty("role", "error");
    error_->setWordWrap(true);
    error_->hide();
    layout->addWidget(error_);
    outer->addWidget(group);
    for (QComboBox* c : {x_, y_})
        connect(c, &QComboBox::currentIndexChanged, this, [this] {
            updateEnabled();
            if (!filling_) emit changed();
        });
}

void SliceControls::setSystem(const std::vector<std::string>& coordinates, const Domain& box) {
    filling_ = true;
    names_ = coordinates;
    x_->clear();
    y_->clear();
    for (const auto& n : coordinates) {
        x_->addItem(QString::fromStdString(n));
        y_->addItem(QString::fromStdString(n));
    }
    while (QLayoutItem* item = values_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    fields_.clear();
    for (size_t i = 0; i < coordinates.size(); ++i) {
        auto* label = new QLabel(QString::fromStdString(coordinates[i]), values_->parentWidget());
        auto* edit = new QLineEdit(values_->parentWidget());
        edit->setAccessibleName(QString("slice value of %1").arg(label->text()));
        values_->addWidget(label, static_cast<int>(i / 2), static_cast<int>(i % 2) * 2);
        values_->addWidget(edit, static_cast<int>(i / 2), static_cast<int>(i % 2) * 2 + 1);
        fields_.push_back(edit);
        connect(edit, &QLineEdit::textEdited, this, [this] {
            if (!filling_) emit changed();
        });
    }
    filling_ = false;
    setSlice(Slice::defaultFor(box));
    setVisible(coordinates.size() > 2);
}

void SliceControls::setSlice(const Slice& s) {
    filling_ = true;
    x_->setCurrentIndex(s.ix);
    y_->setCurrentIndex(s.iy);
    for (size_t i = 0; i < fields_.size() && i < s.fixed.size(); ++i)
        fields_[i]->setText(QString::fromStdString(text::formatNumber(s.fixed[i])));
    filling_ = false;
    updateEnabled();
}

void SliceControls::updateEnabled() {
    for (size_t i = 0; i < fields_.size(); ++i)
        fields_[i]->setEnabled(static_cast<int>(i) != x_->currentIndex() && static_cast<int>(i) != y_->currentIndex());
}

std::optional<Slice> SliceControls::slice() {
    error_->hide();
    Slice s;
    s.ix = x_->currentIndex();
    s.iy = y_->currentIndex();
    if (s.ix == s.iy) {
        error_->setText(tr("Choose two different coordinates."));
        error_->show();
        return std::nullopt;
    }
    for (size_t i = 0; i < fields_.size(); ++i) {
        if (static_cast<int>(i) == s.ix || static_cast<int>(i) == s.iy) {
            s.fixed.push_back(0.0);
            continue;
        }
        try {
            s.fixed.push_back(text::parseNumber(fields_[i]->text().toStdString()));
        } catch (const std::invalid_argument& e) {
            error_->setText(tr("%1: %2").arg(QString::fromStdString(names_[i]), e.what()));
            error_->show();
            return std::nullopt;
        }
    }
    return s;
}

QString SliceControls::axisName(int i) const {
    return i >= 0 && static_cast<size_t>(i) < names_.size() ? QString::fromStdString(names_[static_cast<size_t>(i)]) : QString();
}

QLineEdit* SliceControls::valueField(int coordinate) const {
    return coordinate >= 0 && static_cast<size_t>(coordinate) < fields_.size() ? fields_[static_cast<size_t>(coordinate)] : nullptr;
}

} // namespace shnn::ui
