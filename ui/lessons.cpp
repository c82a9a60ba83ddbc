#include "lessons.h"

#include "core/train/experiments.h"

#include <QObject>

namespace shnn::ui {

namespace {

QString publishedTable(const Experiment& e) {
    QString t = QObject::tr("Published mean rel. L2 error of H: ");
    QStringList parts;
    for (Sampler s : allSamplers())
        parts << QString("%1 %2").arg(QString::fromStdString(samplerTitle(s))).arg(e.publishedFor(s), 0, 'e', 1);
    return t + parts.join(", ") + QObject::tr(" (U-SWIM took %1 s on a 64-thread node).").arg(e.referenceSecondsUSwim);
}

// An EXPERIMENTS.md row's settings with another sampler.
TrainingSettings experimentWith(const std::string& id, Sampler sampler) {
    TrainingSettings s = experiment(id).settings;
    s.sampler = sampler;
    return resolveSettings(s);
}

} // namespace

const std::vector<Lesson>& experimentPresets() {
    static const std::vector<Lesson> all = [] {
        std::vector<Lesson> v;
        for (const auto& e : experiments()) {
            Lesson l;
            l.id = QString::fromStdString(e.id);
            l.title = QString("%1 — %2").arg(l.id, QString::fromStdString(e.description));
            l.view = "error";
            l.settings = experimentWith(e.id, Sampler::Swim);
            l.text = QObject::tr("<b>%1</b>: %2, %3 training and %4 test states, width %5. %6 Try every sampler; "
                                 "the Sweep view reproduces the width curves.")
                         .arg(l.id, QString::fromStdString(e.description))
                         .arg(e.settings.train)
                         .arg(e.settings.test)
                         .arg(e.settings.width)
                         .arg(publishedTable(e));
            v.push_back(l);
        }
        return v;
    }();
    return all;
}

const std::vector<Lesson>& teachingLessons() {
    static const std::vector<Lesson> all = [] {
        TrainingSettings section;
        section.system = "henon_heiles";
        section.sampler = Sampler::Swim;
        section.width = 1500;
        section.train = 15000;
        section.test = 5000;
        return std::vector<Lesson>{
            {"elm-wide", QObject::tr("ELM fails on a wide domain"), "error", experimentWith("E3", Sampler::Elm),
             QObject::tr(
                "<b>ELM fails on a wide domain.</b> ELM draws its weights from N(0, 1) and its biases from the box's "
                "range, blind to the data. On the pendulum with p ∈ [−6, 6] the energy rises like p²/2 to 18, and "
                "random neurons are too gentle to follow it: the error heatmap is bright everywhere. Switch the sampler "
                "to U-SWIM or SWIM and train again: neurons built between pairs of data points have the data's scale, "
                "and the error drops by about three orders of magnitude at the same width.")},
            {"swim-placement", QObject::tr("Where SWIM puts its neurons"), "sampling", experimentWith("E3", Sampler::Swim),
             QObject::tr(
                "<b>Where SWIM puts its neurons.</b> SWIM picks pairs of training states with probability proportional "
                "to |ΔH|/‖Δx‖ and places a neuron whose tanh climbs from −½ to +½ between them. The density panel shows "
                "the pairs' endpoints crowding toward large |p|, where H is steep. Switch to U-SWIM: the endpoints "
                "spread evenly. Hover over a segment to see the neuron's weights and activation.")},
            {"aswim-no-h", QObject::tr("A-SWIM without true H"), "sampling", experimentWith("E6", Sampler::ASwim),
             QObject::tr(
                "<b>A-SWIM without true H.</b> Measured data give states and their time derivatives, but nobody "
                "measures H, and SWIM needs H at the states to choose its pairs. A-SWIM fits once with uniformly "
                "chosen pairs (U-SWIM), evaluates that first Ĥ at the states, and resamples where Ĥ is steep. On this "
                "pendulum with f = 20 (twenty narrow wells, EXPERIMENTS.md E6) U-SWIM stays near 10⁻² while A-SWIM "
                "reaches about 10⁻⁴, as SWIM does with the true H. In the Sampling view switch between the first pass "
                "and the final layer to see where the neurons moved; compare both runs in the Runs view. "
                "The Training data box offers states along trajectories too.")},
            {"henon-heiles-section", QObject::tr("Hénon–Heiles: order and chaos on a Poincaré section"), "poincare",
             resolveSettings(section),
             QObject::tr(
                "<b>Order and chaos.</b> At energy 1/8 the Hénon–Heiles flow mixes closed curves (regular, quasi-periodic "
                "orbits) with a scattered sea (chaos). The section q1 = 0, p1 > 0 shows both. Blue dots come from the "
                "true flow, vermillion crosses from the learned one started at the same states: on regular orbits they "
                "trace the same curves; in the chaotic sea they agree statistically but not point by point, because any "
                "error grows exponentially there. Click on the section to add an orbit."),
             1.0 / 8.0},
            {"double-pendulum-hard", QObject::tr("The double pendulum is hard for every sampler"), "error",
             experimentWith("E7", Sampler::USwim),
             QObject::tr(
                "<b>The double pendulum is hard.</b> Its kinetic energy has a denominator m1 + m2 sin²(q1 − q2) and the "
                "domain covers every angle, so H bends in four dimensions at once. Every sampler stays near 2·10⁻² at "
                "width 1000 and the error falls slowly with width (EXPERIMENTS.md E7, E8). Run a width sweep to see it.")},
        };
    }();
    return all;
}

const Lesson* findLesson(const QString& id) {
    for (const auto* list : {&experimentPresets(), &teachingLessons()})
        for (const auto& l : *list)
            if (l.id == id) return &l;
    return nullptr;
}

} // namespace shnn::ui
