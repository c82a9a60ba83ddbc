#include "ui/views/plot_style.h"

#include <QSettings>
#include <QStyle>
#include <QSvgGenerator>
#include <algorithm>
#include <qcustomplot.h>

namespace shnn::ui {

namespace palette {
QColor trueColor() { return QColor(0x00, 0x72, 0xB2); }
QColor learnedColor() { return QColor(0xD5, 0x5E, 0x00); }
QColor secondaryColor() { return QColor(0x00, 0x9E, 0x73); }
QColor mutedColor() { return QColor(0x55, 0x55, 0x55); }
QColor gradientColor() { return QColor(0x00, 0x00, 0x00); }
QColor samplerColor(Sampler s) {
    switch (s) {
    case Sampler::Elm: return QColor(0xCC, 0x79, 0xA7);
    case Sampler::USwim: return QColor(0x00, 0x9E, 0x73);
    case Sampler::ASwim: return QColor(0x56, 0xB4, 0xE9);
    case Sampler::Swim: return QColor(0xE6, 0x9F, 0x00);
    }
    return Qt::black;
}
} // namespace palette

QPen truePen(double width) {
    QPen p(palette::trueColor(), width, Qt::SolidLine);
    p.setCapStyle(Qt::FlatCap);
    return p;
}

QPen learnedPen(double width) {
    QPen p(palette::learnedColor(), width, Qt::CustomDashLine);
    p.setDashPattern({4.0, 2.5});
    p.setCapStyle(Qt::FlatCap);
    return p;
}

int samplerMarker(Sampler s) {
    switch (s) {
    case Sampler::Elm: return QCPScatterStyle::ssSquare;
    case Sampler::USwim: return QCPScatterStyle::ssTriangle;
    case Sampler::ASwim: return QCPScatterStyle::ssDiamond;
    case Sampler::Swim: return QCPScatterStyle::ssCircle;
    }
    return QCPScatterStyle::ssDisc;
}

namespace {
double& zoomValue() {
    static double z = std::clamp(QSettings().value("view/zoom", 1.0).toDouble(), 0.7, 3.0);
    return z;
}

void scaleFont(QFont& f, double points) { f.setPointSizeF(points); }
} // namespace

double zoom() { return zoomValue(); }

void setZoom(double z, bool remember) {
    zoomValue() = std::clamp(z, 0.7, 3.0);
    if (remember) QSettings().setValue("view/zoom", zoomValue());
}

void applyZoom(QWidget* root) {
    const double z = zoom();
    for (QCustomPlot* plot : root->findChildren<QCustomPlot*>()) {
        QFont f = plot->font();
        scaleFont(f, kPlotFontPoints * z);
        for (QCPAxisRect* rect : plot->axisRects())
            for (QCPAxis* axis : rect->axes()) {
                axis->setLabelFont(f);
                axis->setTickLabelFont(f);
            }
        for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
            if (auto* title = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i))) {
                QFont tf = title->font();
                scaleFont(tf, (kPlotFontPoints + 1) * z);
                title->setFont(tf);
            }
        // Every legend the plot still owns (some views delete the default one: plot->legend dangles).
        for (QCPLegend* legend : plot->findChildren<QCPLegend*>()) legend->setFont(f);
        for (int i = 0; i < plot->plottableCount(); ++i) {
            QCPAbstractPlottable* p = plot->plottable(i);
            QPen pen = p->pen();
            if (!p->property("baseWidth").isValid()) p->setProperty("baseWidth", pen.widthF());
            pen.setWidthF(p->property("baseWidth").toDouble() * z);
            p->setPen(pen);
        }
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void placeLegendBelow(QCustomPlot* plot, QCPLegend* legend, QCPAxisRect* rect, int mostColumns) {
    if (!legend) legend = plot->legend;
    if (!rect) rect = plot->axisRect();
    if (auto* inset = legend->layout()) inset->take(legend);
    // A row under the axis rect, in the same column.
    QCPLayoutGrid* grid = plot->plotLayout();
    int row = -1, col = -1;
    for (int r = 0; r < grid->rowCount() && row < 0; ++r)
        for (int c = 0; c < grid->columnCount(); ++c)
            if (grid->hasElement(r, c) && grid->element(r, c) == rect) {
                row = r;
                col = c;
                break;
            }
    if (row < 0) return;
    grid->insertRow(row + 1);
    grid->addElement(row + 1, col, legend);
    grid->setRowStretchFactor(row + 1, 0.001);
    legend->setFillOrder(QCPLegend::foColumnsFirst);
    legend->setBorderPen(Qt::NoPen);
    legend->setBrush(Qt::NoBrush);
    legend->setMargins(QMargins(4, 0, 4, 2));
    legend->setColumnSpacing(20);  // entries side by side read as one another's at 8
    legend->setVisible(true);
    wrapLegendToWidth(plot, legend, rect, mostColumns);
}

int legendColumnsThatFit(const std::vector<int>& itemWidths, int spacing, int width, int most) {
    const int n = static_cast<int>(itemWidths.size());
    for (int columns = std::min(most, n); columns > 1; --columns) {
        // Filled row by row: column c holds items c, c + columns, …; it is as wide as its widest.
        int total = (columns - 1) * spacing;
        for (int c = 0; c < columns; ++c) {
            int widest = 0;
            for (int i = c; i < n; i += columns) widest = std::max(widest, itemWidths[static_cast<size_t>(i)]);
            total += widest;
        }
        if (total <= width) return columns;
    }
    return 1;
}

void wrapLegendToWidth(QCustomPlot* plot, QCPLegend* legend, QCPLayoutElement* widthOf, int most) {
    // setWrap only records the count: setFillOrder(…, true) lays the entries out again.
    legend->setWrap(most);
    legend->setFillOrder(legend->fillOrder(), true);
    // After every layout, from the width widthOf has now (the legend itself is only as wide as
    // its entries): entries are added and renamed after this call, and the plot is resized
    // with its window. A changed count takes effect in one more replot, queued here.
    QObject::connect(plot, &QCustomPlot::afterLayout, legend, [plot, legend, widthOf, most] {
        const int width = widthOf->outerRect().width() - legend->margins().left() - legend->margins().right();
        if (width <= 0 || legend->itemCount() == 0) return;  // not laid out yet
        std::vector<int> widths;
        for (int i = 0; i < legend->itemCount(); ++i)  // cells of removed entries stay empty
            if (const QCPAbstractLegendItem* item = legend->item(i)) widths.push_back(item->minimumOuterSizeHint().width());
        if (widths.empty()) return;
        const int columns = legendColumnsThatFit(widths, legend->columnSpacing(), width, most);
        if (columns == legend->wrap()) return;
        legend->setWrap(columns);
        legend->setFillOrder(legend->fillOrder(), true);
        plot->replot(QCustomPlot::rpQueuedReplot);
    });
}

void markInvalid(QWidget* field, bool invalid) {
    if (field->property("role").isValid() == invalid) return;
    field->setProperty("role", invalid ? QVariant("invalid") : QVariant());
    field->style()->unpolish(field);
    field->style()->polish(field);
}

void resetAxes(QCustomPlot* plot) {
    for (QCPAxisRect* rect : plot->axisRects()) {
        const QVariant x = rect->property("homeX"), y = rect->property("homeY");
        if (x.isValid() && y.isValid()) {
            rect->axis(QCPAxis::atBottom)->setRange(x.value<QCPRange>());
            rect->axis(QCPAxis::atLeft)->setRange(y.value<QCPRange>());
        } else {
            for (QCPAxis* a : rect->axes()) a->rescale(true);
        }
    }
    plot->replot(QCustomPlot::rpQueuedReplot);
}

QCPColorGradient viridisGradient() {
    QCPColorGradient g;
    g.clearColorStops();
    // Samples of matplotlib's viridis (perceptually uniform, colour-blind safe).
    g.setColorStopAt(0.000, QColor(68, 1, 84));
    g.setColorStopAt(0.125, QColor(71, 44, 122));
    g.setColorStopAt(0.250, QColor(59, 81, 139));
    g.setColorStopAt(0.375, QColor(44, 113, 142));
    g.setColorStopAt(0.500, QColor(33, 144, 141));
    g.setColorStopAt(0.625, QColor(39, 173, 129));
    g.setColorStopAt(0.750, QColor(92, 200, 99));
    g.setColorStopAt(0.875, QColor(170, 220, 50));
    g.setColorStopAt(1.000, QColor(253, 231, 37));
    g.setColorInterpolation(QCPColorGradient::ciRGB);
    return g;
}

void stylePlot(QCustomPlot* plot) {
    plot->setAntialiasedElements(QCP::aePlottables | QCP::aeAxes | QCP::aeLegend);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setNoAntialiasingOnDrag(true);
    QFont f = plot->font();
    f.setPointSizeF(kPlotFontPoints * zoom());
    for (QCPAxis* axis : plot->axisRect()->axes()) {
        axis->setLabelFont(f);
        axis->setTickLabelFont(f);
    }
    plot->legend->setFont(f);
    plot->legend->setBrush(QBrush(QColor(255, 255, 255, 220)));
    plot->setMinimumSize(320, 240);
}

namespace {

// A plot title that wraps onto more lines when it is wider than its plot, instead of being
// cut at both ends (QCPTextElement asks for one line of the text's full width). The height it
// asks for depends on the width the layout gave it last time (the whole plot before the first
// layout). When a draw finds that the width changed since the height was asked for, one more
// (queued) replot settles the layout — once per new width, so an idle window stays idle
// (asking again on every draw made the studio replot forever and burn a core).
class WrappingTitle : public QCPTextElement {
public:
    WrappingTitle(QCustomPlot* plot, const QString& text, const QFont& font) : QCPTextElement(plot, text, font) {
        setTextFlags(Qt::AlignCenter | Qt::TextWordWrap);
    }

protected:
    void draw(QCPPainter* painter) override {
        QCPTextElement::draw(painter);
        const int width = mOuterRect.width();
        const QString key = mText + QString::number(width) + mFont.toString();
        if (height() != mOuterRect.height() && key != settledFor_) {
            settledFor_ = key;
            mParentPlot->replot(QCustomPlot::rpQueuedReplot);
        }
    }
    QSize minimumOuterSizeHint() const override { return {mMargins.left() + mMargins.right() + 20, height()}; }
    QSize maximumOuterSizeHint() const override { return {QWIDGETSIZE_MAX, height()}; }

private:
    int height() const {
        const int known = mOuterRect.width() > 0 ? mOuterRect.width() : mParentPlot->width();
        const int inner = std::max(40, known - mMargins.left() - mMargins.right());
        const QRect r = QFontMetrics(mFont).boundingRect(0, 0, inner, 100000, mTextFlags, mText);
        return r.height() + mMargins.top() + mMargins.bottom();
    }
    QString settledFor_;  // text, width and font of the last relayout asked for
};

} // namespace

QCPTextElement* addTitle(QCustomPlot* plot, const QString& text, int pointSize) {
    QFont font(plot->font().family());
    font.setPointSizeF(pointSize * zoom());
    auto* title = new WrappingTitle(plot, text, font);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, title);
    return title;
}

QCPColorMap* addColorMap(QCustomPlot* plot, const QString& label, const QCPColorGradient& gradient) {
    auto* map = new QCPColorMap(plot->xAxis, plot->yAxis);
    auto* scale = new QCPColorScale(plot);
    plot->plotLayout()->addElement(1, 1, scale);
    scale->setType(QCPAxis::atRight);
    scale->axis()->setLabel(label);
    map->setColorScale(scale);
    map->setGradient(gradient);
    map->setInterpolate(false);
    auto* margins = new QCPMarginGroup(plot);
    plot->axisRect()->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    scale->setMarginGroup(QCP::msBottom | QCP::msTop, margins);
    return map;
}

QString exportPlot(QCustomPlot* plot, const QString& path, int width, int height) {
    const QString lower = path.toLower();
    bool ok = false;
    if (lower.endsWith(".png")) ok = plot->savePng(path, width, height, 2.0);
    else if (lower.endsWith(".pdf")) ok = plot->savePdf(path, width, height);
    else if (lower.endsWith(".jpg") || lower.endsWith(".jpeg")) ok = plot->saveJpg(path, width, height, 2.0);
    else if (lower.endsWith(".svg")) {
        // QCustomPlot has no SVG export; paint it onto Qt SVG's generator.
        const int w = width > 0 ? width : plot->width(), h = height > 0 ? height : plot->height();
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(w, h));
        svg.setViewBox(QRect(0, 0, w, h));
        svg.setTitle(QStringLiteral("S-HNN Studio plot"));
        QCPPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            plot->toPainter(&painter, w, h);
            ok = painter.end();
        }
    } else
        return QObject::tr("%1: choose a .png, .pdf or .svg file name").arg(path);
    return ok ? QString() : QObject::tr("%1: could not write the file").arg(path);
}

void setCurveData(QCPCurve* curve, const QVector<double>& x, const QVector<double>& y) {
    QVector<double> t(x.size());
    for (int i = 0; i < t.size(); ++i) t[i] = i;
    curve->setData(t, x, y, true);
}

} // namespace shnn::ui
