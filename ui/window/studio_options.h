#pragma once
// Command-line options of shnn-studio, the same fit options as `shnn fit` plus
//   --view phase|error|trajectory   --screenshot FILE.png   --x0 V,...   --t-end T
//   --size WxH (default 1400x900)   --lesson ID (a preset or lesson from the Presets menu)
//   --model FILE (open a saved model instead of training; its settings come from the file)
//   runs view:  --compare SAMPLER,SAMPLER   (default: elm and --sampler), two runs side by side
//   sweep view: --sweep-samplers LIST --sweep-widths LIST --repeat R
//   poincare:   --energy E                  sampling view: --first-pass (A-SWIM)
//   motion:     --motion-time T             --presentation   --zoom Z (0.7–3)
//   race:       --steps S (Adam steps of the gradient-trained network)
// With --screenshot the studio trains, waits for the result, renders the whole window
// showing the view into FILE.png and exits 0; bad options exit 2 with one "error:" line.
#include "core/train/settings.h"

#include <QSize>
#include <QString>
#include <optional>
#include <vector>

namespace shnn::ui {

class MainWindow;

struct StudioOptions {
    TrainingSettings settings;
    bool anyFitOption = false;     // the user gave fit options (else: the default preset)
    QString view = "phase";
    QString screenshot;            // empty: interactive
    std::optional<std::vector<double>> x0;
    std::optional<double> tEnd;
    QSize size{1400, 900};
    QString lesson;
    QString model;                       // --model FILE: open this model instead of training
    std::vector<Sampler> compare;        // runs view
    std::vector<Sampler> sweepSamplers;  // sweep view
    QString sweepWidths;              // the swept values (widths unless sweepVary says otherwise)
    QString sweepVary = "width";
    QString sweepResults;             // --sweep-results DIR: a Slurm sweep's folder, drawn in the sweep view
    int repeat = 1;
    std::optional<double> energy;        // poincare view
    bool firstPass = false;              // sampling view, A-SWIM
    std::optional<double> motionTime;    // motion view: the moment shown (default: 60% of the span)
    bool presentation = false;           // presentation mode (full screen, no side panel, large type)
    std::optional<double> zoom;          // zoom of text and lines
    std::optional<long> steps;           // race view: Adam steps
};

// The usage text printed by --help.
const char* studioUsage();

// Throws SettingsError naming the option.
StudioOptions parseStudioOptions(const std::vector<std::string>& args, const std::vector<QString>& views);

// Applies the options to the window (settings, trajectory request, view).
void applyStudioOptions(MainWindow& w, const StudioOptions& o);

// Trains, waits for the pictures, grabs the window into o.screenshot. Returns the exit code
// and prints an "error:" line on failure.
int takeScreenshot(MainWindow& w, const StudioOptions& o);

} // namespace shnn::ui
