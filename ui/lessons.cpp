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

TrainingSettings resolved(TrainingSettings s) { return resolveSettings(s); }

} // namespace

const std::vector<Lesson>& experimentPresets() {
    static const std::vector<Lesson> all = [] {
        std::vector<Lesson> v;
        for (const auto& e : experiments()) {
            Lesson l;
            l.id = QString::fromStdString(e.id);
            l.title = QString("%1 — %2").arg(l.id, QString::fromStdString(e.description));
            l.view = "error";
            TrainingSettings s = e.settings;
            s.sampler = Sampler::Swim;
            l.settings = resolved(s);
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
        std::vector<Lesson> v;
        {
            Lesson l;
            l.id = "elm-wide";
            l.title = QObject::tr("ELM fails on a wide domain");
            l.view = "error";
            TrainingSettings s = experiment("E3").settings;
            s.sampler = Sampler::Elm;
            l.settings = resolved(s);
            l.text = QObject::tr(
                "<b>ELM fails on a wide domain.</b> ELM draws its weights from N(0, 1) and its biases from the box's "
                "range, blind to the data. On the pendulum with p ∈ [−6, 6] the energy rises like p²/2 to 18, and "
                "random neurons are too gentle to follow it: the error heatmap is bright everywhere. Switch the sampler "
                "to U-SWIM or SWIM and train again: neurons built between pairs of data points have the data's scale, "
                "and the error drops by about three orders of magnitude at the same width.");
            v.push_back(l);
        }
        {
            Lesson l;
            l.id = "swim-placement";
            l.title = QObject::tr("Where SWIM puts its neurons");
            l.view = "sampling";
            TrainingSettings s = experiment("E3").settings;
            s.sampler = Sampler::Swim;
            l.settings = resolved(s);
            l.text = QObject::tr(
                "<b>Where SWIM puts its neurons.</b> SWIM picks pairs of training states with probability proportional "
                "to |ΔH|/‖Δx‖ and places a neuron whose tanh climbs from −½ to +½ between them. The density panel shows "
                "the pairs' endpoints crowding toward large |p|, where H is steep. Switch to U-SWIM: the endpoints "
                "spread evenly. Hover over a segment to see the neuron's weights and activation.");
            v.push_back(l);
        }
        {
            Lesson l;
            l.id = "aswim-no-h";
            l.title = QObject::tr("A-SWIM without true H");
            l.view = "sampling";
            TrainingSettings s = experiment("E6").settings;
            s.sampler = Sampler::ASwim;
            l.settings = resolved(s);
            l.text = QObject::tr(
                "<b>A-SWIM without true H.</b> Measured data give states and their time derivatives, but nobody "
                "measures H, and SWIM needs H at the states to choose its pairs. A-SWIM fits once with uniformly "
                "chosen pairs (U-SWIM), evaluates that first Ĥ at the states, and resamples where Ĥ is steep. On this "
                "pendulum with f = 20 (twenty narrow wells, EXPERIMENTS.md E6) U-SWIM stays near 10⁻² while A-SWIM "
                "reaches about 10⁻⁴, as SWIM does with the true H. In the Sampling view switch between the first pass "
                "and the final layer to see where the neurons moved; compare both runs in the Runs view. "
                "The Training data box offers states along trajectories too.");
            v.push_back(l);
        }
        {
            Lesson l;
            l.id = "henon-heiles-section";
            l.title = QObject::tr("Hénon–Heiles: order and chaos on a Poincaré section");
            l.view = "poincare";
            TrainingSettings s;
            s.system = "henon_heiles";
            s.sampler = Sampler::Swim;
            s.width = 1500;
            s.train = 15000;
            s.test = 5000;
            l.settings = resolved(s);
            l.energy = 1.0 / 8.0;
            l.text = QObject::tr(
                "<b>Order and chaos.</b> At energy 1/8 the Hénon–Heiles flow mixes closed curves (regular, quasi-periodic "
                "orbits) with a scattered sea (chaos). The section q1 = 0, p1 > 0 shows both. Blue dots come from the "
                "true flow, vermillion crosses from the learned one started at the same states: on regular orbits they "
                "trace the same curves; in the chaotic sea they agree statistically but not point by point, because any "
                "error grows exponentially there. Click on the section to add an orbit.");
            v.push_back(l);
        }
        {
            Lesson l;
            l.id = "double-pendulum-hard";
            l.title = QObject::tr("The double pendulum is hard for every sampler");
            l.view = "error";
            TrainingSettings s = experiment("E7").settings;
            s.sampler = Sampler::USwim;
            l.settings = resolved(s);
            l.text = QObject::tr(
                "<b>The double pendulum is hard.</b> Its kinetic energy has a denominator m1 + m2 sin²(q1 − q2) and the "
                "domain covers every angle, so H bends in four dimensions at once. Every sampler stays near 2·10⁻² at "
                "width 1000 and the error falls slowly with width (EXPERIMENTS.md E7, E8). Run a width sweep to see it.");
            v.push_back(l);
        }
        return v;
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
