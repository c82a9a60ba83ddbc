#include "plot_style.h"

#include <QSvgGenerator>
#include <qcustomplot.h>

namespace shnn::ui {

namespace palette {
QColor trueColor() { return QColor(0x00, 0x72, 0xB2); }
QColor learnedColor() { return QColor(0xD5, 0x5E, 0x00); }
QColor thirdColor() { return QColor(0x00, 0x9E, 0x73); }
QColor fourthColor() { return QColor(0xE6, 0x9F, 0x00); }
QColor fifthColor() { return QColor(0x56, 0xB4, 0xE9); }
QColor sixthColor() { return QColor(0xCC, 0x79, 0xA7); }
} // namespace palette

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
    f.setPointSize(10);
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
// cut at both ends (QCPTextElement asks for one line of the text's full width). The width it
// wraps to is the one the layout gave it last time (the whole plot before the first layout);
// a replot after a resize settles it.
class WrappingTitle : public QCPTextElement {
public:
    WrappingTitle(QCustomPlot* plot, const QString& text, const QFont& font) : QCPTextElement(plot, text, font) {
        setTextFlags(Qt::AlignCenter | Qt::TextWordWrap);
    }

protected:
    void draw(QCPPainter* painter) override {
        QCPTextElement::draw(painter);
        // Laid out with an older width (a resize, or new text on a hidden tab): lay out again.
        if (height() != mOuterRect.height()) mParentPlot->replot(QCustomPlot::rpQueuedReplot);
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
};

} // namespace

QCPTextElement* addTitle(QCustomPlot* plot, const QString& text, int pointSize) {
    auto* title = new WrappingTitle(plot, text, QFont(plot->font().family(), pointSize));
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
