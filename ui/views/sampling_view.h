#pragma once
// Visual debugging of sampling. Four panels over the domain (or the chosen slice):
//  - neurons: the training states and, for each hidden neuron, its pair (x_a → x_b) as a
//    short segment (SWIM-type samplers) or its hyperplane w·x + b = 0 where it crosses the
//    view (ELM). Hover or click a neuron to highlight it and read w, b and c.
//  - sampling density: where the pairs' endpoints lie (SWIM types) or how many neurons are in
//    their steep part (ELM), normalised to mean 1;
//  - the error |Ĥ − H| on the same slice, to see whether neurons went where the error is;
//  - the selected neuron's activation tanh(w·x + b) over the view.
// For A-SWIM both passes can be shown: the first (uniform) placement and the resampled one.
#include "core/analysis/grid.h"
#include "core/analysis/sampling_density.h"
#include "ui/views/result_ptr.h"

#include <QWidget>

class QCustomPlot;
class QCPCurve;
class QCPGraph;
class QCPColorMap;
class QComboBox;
class QLabel;

namespace shnn::ui {

class ErrorHeatmapView;

class SamplingView : public QWidget {
    Q_OBJECT
public:
    explicit SamplingView(QWidget* parent = nullptr);

    // Draws the result's layer on the slice; `grid` holds H and Ĥ on the same slice, and
    // `firstPassGrid` A-SWIM's first-pass Ĥ there (empty Hhat otherwise).
    void setResult(const ResultPtr& r, const GridValues& grid, const GridValues& firstPassGrid, const QString& xLabel,
                   const QString& yLabel);
    void selectNeuron(int j);  // −1: none
    bool showFirstPass(bool first);  // A-SWIM: show the first pass; false if there is none

    // For tests.
    int segmentCount() const;                      // drawn neuron segments (or hyperplanes)
    std::vector<std::pair<Eigen::VectorXd, Eigen::VectorXd>> segmentEndpoints() const;  // in the slice's 2 coords
    const DensityGrid& density() const { return density_; }
    int selectedNeuron() const { return selected_; }
    QString neuronInfo() const;
    QCustomPlot* neuronPlot() const { return neurons_; }
    QCustomPlot* densityPlot() const { return densityPlot_; }
    QCustomPlot* activationPlot() const { return activation_; }
    ErrorHeatmapView* errorView() const { return error_; }

signals:
    void neuronSelected(int j);

private:
    void redraw();
    void drawError();
    int neuronNear(const QPoint& pixel) const;
    const HiddenLayer& layer() const;
    const HnnModel& model() const;

    QCustomPlot* neurons_ = nullptr;
    QCustomPlot* densityPlot_ = nullptr;
    QCustomPlot* activation_ = nullptr;
    ErrorHeatmapView* error_ = nullptr;
    QCPGraph* states_ = nullptr;
    QCPCurve* segments_ = nullptr;
    QCPCurve* highlight_ = nullptr;
    QCPColorMap* densityMap_ = nullptr;
    QCPColorMap* activationMap_ = nullptr;
    QComboBox* pass_ = nullptr;
    QLabel* info_ = nullptr;
    ResultPtr result_;
    GridSpec spec_;
    GridValues grid_, firstGrid_;
    QString xLabel_, yLabel_;
    DensityGrid density_;
    bool firstPass_ = false;
    int selected_ = -1;
    int pinned_ = -1;
    // Per drawn neuron: its two points in slice coordinates (segment ends or hyperplane clip).
    std::vector<std::array<double, 4>> drawn_;
};

} // namespace shnn::ui
