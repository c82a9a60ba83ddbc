#pragma once
// Shared look of every plot: the Okabe–Ito colour-blind-safe palette, a viridis-like colour
// map for heatmaps (QCustomPlot has no viridis preset), interactions (drag to pan, wheel to
// zoom), and export to PNG/PDF.
#include <QColor>
#include <QString>
#include <QVector>
#include <limits>

class QCustomPlot;
class QCPColorGradient;
class QCPColorMap;
class QCPCurve;
class QCPTextElement;

namespace shnn::ui {

namespace palette {
QColor trueColor();      // blue        #0072B2 — the true system
QColor learnedColor();   // vermillion  #D55E00 — the learned network
QColor thirdColor();     // bluish green #009E73
QColor fourthColor();    // orange      #E69F00
QColor fifthColor();     // sky blue    #56B4E9
QColor sixthColor();     // reddish purple #CC79A7
} // namespace palette

QCPColorGradient viridisGradient();

// Antialiasing, pan and zoom on both axes, a readable font, queued replots.
void stylePlot(QCustomPlot* plot);

// A title row above the plot (call before addColorMap, which places its bar in row 1).
QCPTextElement* addTitle(QCustomPlot* plot, const QString& text = QString(), int pointSize = 11);

// A colour map over the plot's axes with its colour bar to the right (row 1, column 1) and
// the bar's height tied to the plot's. Call addTitle first.
QCPColorMap* addColorMap(QCustomPlot* plot, const QString& label, const QCPColorGradient& gradient);

// Saves the plot as PNG, PDF or SVG (by extension; SVG through Qt SVG's generator).
// Returns an error message, or an empty string on success.
QString exportPlot(QCustomPlot* plot, const QString& path, int width = 0, int height = 0);

// A NaN between two points breaks a curve (QCustomPlot draws no segment across it).
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Sets a QCPCurve's points from x/y arrays; NaN entries break the line.
void setCurveData(QCPCurve* curve, const QVector<double>& x, const QVector<double>& y);

} // namespace shnn::ui
