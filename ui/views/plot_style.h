#pragma once
// Shared look of every plot: the Okabe–Ito colour-blind-safe palette, a viridis-like colour
// map for heatmaps (QCustomPlot has no viridis preset), interactions (drag to pan, wheel to
// zoom), and export to PNG/PDF.
#include "core/sampling/hidden_layer.h"

#include <QColor>
#include <QPen>
#include <QString>
#include <QVector>
#include <limits>
#include <vector>

class QCustomPlot;
class QCPColorGradient;
class QCPColorMap;
class QCPCurve;
class QCPLayoutElement;
class QCPLegend;
class QCPAxisRect;
class QWidget;
class QCPTextElement;

namespace shnn::ui {

// Colours by role, from the Okabe–Ito colour-blind-safe palette. The true system and the
// learned network differ in colour, width and dash at once (truePen, learnedPen), so they stay
// apart in greyscale and from the back of a room; each sampler has one colour and one marker
// shape wherever it appears.
namespace palette {
QColor trueColor();       // blue          #0072B2 — the true system
QColor learnedColor();    // vermillion    #D55E00 — the learned network
QColor secondaryColor();  // bluish green  #009E73 — a third curve (H along the learned orbit)
QColor mutedColor();      // grey          #555555 — guides, vector fields
QColor gradientColor();   // black         #000000 — a gradient-trained network
QColor samplerColor(Sampler s);  // ELM reddish purple, U-SWIM bluish green, A-SWIM sky blue, SWIM orange
} // namespace palette

// Solid, wide, blue for the truth; dashed, narrower, vermillion for the learned network.
QPen truePen(double width = 2.6);
QPen learnedPen(double width = 1.7);
int samplerMarker(Sampler s);  // a QCPScatterStyle::ScatterShape: square, triangle, diamond, circle

QCPColorGradient viridisGradient();

// Antialiasing, pan and zoom on both axes, fonts at the current text zoom, queued replots.
void stylePlot(QCustomPlot* plot);

// The zoom of all text and lines (Ctrl+plus / Ctrl+minus; saved between sessions), 0.7–3.
double zoom();
void setZoom(double z, bool remember = true);  // remember: for the next start too
// Applies the current zoom to every plot under `root`: fonts of axes, legends and titles, and
// the width of every line (relative to the width it was created with).
void applyZoom(QWidget* root);
// Base point size of plot text at zoom 1.
constexpr int kPlotFontPoints = 10;

// Moves the plot's legend out of the data: into a row below the axis rect, items side by side
// (at most mostColumns, fewer where they would not fit: wrapLegendToWidth).
void placeLegendBelow(QCustomPlot* plot, QCPLegend* legend = nullptr, QCPAxisRect* rect = nullptr, int mostColumns = 4);
// A legend filled row by row keeps as many columns (at most `most`) as its entries fit side by
// side in the width of `widthOf` (the element it sits under), re-chosen after every layout:
// a fixed count cut long entries off in narrow plots (the race's "gradient-trained (Adam)"
// beside two samplers). widthOf must live as long as the legend.
void wrapLegendToWidth(QCustomPlot* plot, QCPLegend* legend, QCPLayoutElement* widthOf, int most);
// The column count above for entries of these widths (pixels), `spacing` between columns.
int legendColumnsThatFit(const std::vector<int>& itemWidths, int spacing, int width, int most);

// Marks an input field as holding a bad value (resources/studio.qss draws the frame), or not.
void markInvalid(QWidget* field, bool invalid);

// Back to the plot's full extent (the data's domain) after pans and zooms.
void resetAxes(QCustomPlot* plot);

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
