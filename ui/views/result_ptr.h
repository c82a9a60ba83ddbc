#pragma once
// A finished fit as the GUI holds it: shared, immutable, and carrying its own system.
#include "core/train/trainer.h"

#include <QMetaType>
#include <memory>

namespace shnn::ui {
using ResultPtr = std::shared_ptr<const TrainingResult>;
}

Q_DECLARE_METATYPE(shnn::ui::ResultPtr)
