#pragma once
// Presets and lessons of the Presets menu. Presets are the paper's nine experiments (E1–E9,
// from core/train/experiments); lessons are teaching scenes read from the studio's resources
// (resources/lessons: <id>.json holds the settings, the view and what the view needs — an
// energy, a start state — and <id>.html the text shown beside the plots).
#include "core/train/settings.h"

#include <QString>
#include <optional>
#include <vector>

namespace shnn::ui {

struct Lesson {
    QString id;        // "E3", "elm-wide", ...
    QString title;     // menu text
    QString view;      // the view to open: phase, error, trajectory, sampling, runs, sweep, poincare, motion
    TrainingSettings settings;
    QString text;      // the explanation (rich text)
    std::optional<double> energy;               // Poincaré energy
    std::optional<std::vector<double>> x0;      // start of the trajectory and the motion
    std::optional<double> tEnd;                 // their time span
};

const std::vector<Lesson>& experimentPresets();  // E1 … E9
const std::vector<Lesson>& teachingLessons();
const Lesson* findLesson(const QString& id);
QStringList lessonIds();  // every preset and lesson id, for messages

} // namespace shnn::ui
