#pragma once
// Presets and lessons: every EXPERIMENTS.md row, plus teaching scenes, each with the settings
// to load, the view to open and a paragraph of explanation shown in the window.
#include "core/train/settings.h"

#include <QString>
#include <vector>

namespace shnn::ui {

struct Lesson {
    QString id;        // "E3", "elm-wide", ...
    QString title;     // menu text
    QString view;      // the view to open: phase, error, trajectory, sampling, runs, sweep, poincare
    TrainingSettings settings;
    QString text;      // the explanation (rich text)
    double energy = 0; // Poincaré energy, if the view is poincare
};

const std::vector<Lesson>& experimentPresets();  // E1 … E9
const std::vector<Lesson>& teachingLessons();
const Lesson* findLesson(const QString& id);

} // namespace shnn::ui
