#include "ui/window/lessons.h"

#include "core/errors.h"
#include "core/train/experiments.h"

#include <QFile>
#include <QObject>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace shnn::ui {

namespace {


QString publishedTable(const Experiment& e) {
    QStringList parts;
    for (Sampler s : allSamplers())
        parts << QString("%1 %2").arg(QString::fromStdString(samplerTitle(s))).arg(e.publishedFor(s), 0, 'e', 1);
    return QObject::tr("The paper's mean rel. L2 error of H: %1 (U-SWIM took %2 s on a 64-thread node).")
        .arg(parts.join(", "))
        .arg(e.referenceSecondsUSwim);
}

// An experiment's settings with another sampler.
TrainingSettings experimentWith(const std::string& id, Sampler sampler) {
    TrainingSettings s = experiment(id).settings;
    s.sampler = sampler;
    return resolveSettings(s);
}

QByteArray resource(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) throw std::runtime_error("missing resource " + path.toStdString());
    return f.readAll();
}

// A lesson's settings: an experiment row (or the defaults) with the keys given on top.
TrainingSettings lessonSettings(const nlohmann::json& j) {
    TrainingSettings s;
    if (j.contains("experiment")) s = experiment(j["experiment"].get<std::string>()).settings;
    const nlohmann::json& k = j.value("settings", nlohmann::json::object());
    if (k.contains("system")) {
        s.system = k["system"].get<std::string>();
        s.params.clear();
        s.domain = Domain{};
    }
    if (k.contains("params"))
        for (const auto& [name, v] : k["params"].items()) s.params[name] = v.get<double>();
    if (k.contains("domain")) s.domain = parseDomain(k["domain"].get<std::string>(), systemFor(s)->dim());
    if (k.contains("sampler")) s.sampler = parseSampler(k["sampler"].get<std::string>());
    if (k.contains("width")) s.width = k["width"].get<std::int64_t>();
    if (k.contains("train")) s.train = k["train"].get<std::int64_t>();
    if (k.contains("test")) s.test = k["test"].get<std::int64_t>();
    if (k.contains("seed")) s.seed = k["seed"].get<std::uint64_t>();
    return resolveSettings(s);
}

Lesson readLesson(const QString& id) {
    const nlohmann::json j = nlohmann::json::parse(resource(":/lessons/" + id + ".json").toStdString());
    Lesson l;
    l.id = id;
    l.title = QString::fromStdString(j.at("title").get<std::string>());
    l.view = QString::fromStdString(j.at("view").get<std::string>());
    l.settings = lessonSettings(j);
    l.text = QString::fromUtf8(resource(":/lessons/" + id + ".html")).trimmed();
    if (j.contains("energy")) l.energy = j["energy"].get<double>();
    if (j.contains("x0")) l.x0 = j["x0"].get<std::vector<double>>();
    if (j.contains("t_end")) l.tEnd = j["t_end"].get<double>();
    return l;
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
            l.text = QObject::tr("<b>The paper's experiment %1</b>: %2, %3 training and %4 test states, width %5. %6 Try "
                                 "every sampler; the Sweep view reproduces the width curves.")
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
        const nlohmann::json index = nlohmann::json::parse(resource(":/lessons/index.json").toStdString());
        for (const auto& id : index.at("lessons")) v.push_back(readLesson(QString::fromStdString(id.get<std::string>())));
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

QStringList lessonIds() {
    QStringList ids;
    for (const auto* list : {&experimentPresets(), &teachingLessons()})
        for (const auto& l : *list) ids << l.id;
    return ids;
}

} // namespace shnn::ui
