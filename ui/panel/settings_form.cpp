#include "ui/panel/settings_form.h"

#include "core/errors.h"
#include "core/systems/system.h"
#include "core/text/parse.h"
#include "ui/views/plot_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QVBoxLayout>
#include <stdexcept>
#include <type_traits>

namespace shnn::ui {

namespace {

QLabel* makeErrorLabel(QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setWordWrap(true);
    l->setProperty("role", "error");
    l->hide();
    return l;
}

QString number(double v) { return QString::fromStdString(text::formatNumber(v)); }

// Shows ±kπ/n bounds as "2pi" etc. so the field reads as the user would type it.
QString bound(double v) {
    for (int den : {1, 2, 3, 4, 6})
        for (int k = -24; k <= 24; ++k) {
            if (k == 0) continue;
            if (std::abs(v - k * M_PI / den) < 1e-12) {
                QString s = (k == 1 ? "" : k == -1 ? "-" : QString::number(k)) + "pi";
                return den == 1 ? s : s + "/" + QString::number(den);
            }
        }
    return number(v);
}

} // namespace

SettingsForm::SettingsForm(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* systemGroup = new QGroupBox(tr("System"), this);
    auto* systemLayout = new QVBoxLayout(systemGroup);
    system_ = new QComboBox(systemGroup);
    for (const auto& name : systemNames()) {
        TrainingSettings d;
        d.system = name;
        const auto sys = systemFor(d);
        system_->addItem(QString::fromStdString(sys->title()), QString::fromStdString(name));
        system_->setItemData(system_->count() - 1, QString("H = %1").arg(QString::fromStdString(sys->formula())),
                             Qt::ToolTipRole);
    }
    system_->addItem(tr("Custom formula"), QStringLiteral("formula"));
    system_->setItemData(system_->count() - 1, tr("Type your own H(q, p): exact derivatives by computer algebra"),
                         Qt::ToolTipRole);
    system_->setAccessibleName(tr("System"));
    systemLayout->addWidget(system_);
    errors_["system"] = makeErrorLabel(systemGroup);
    systemLayout->addWidget(errors_["system"]);
    paramsBox_ = new QWidget(systemGroup);
    paramsForm_ = new QFormLayout(paramsBox_);
    paramsForm_->setContentsMargins(0, 0, 0, 0);
    systemLayout->addWidget(paramsBox_);
    // A formula system: H as text, its constants and degrees of freedom, and the derivatives
    // the computer algebra found, shown for the student to check.
    formulaBox_ = new QWidget(systemGroup);
    auto* formulaForm = new QFormLayout(formulaBox_);
    formulaForm->setContentsMargins(0, 0, 0, 0);
    QLineEdit* h = addField(formulaForm, "H", tr("H ="),
                            tr("The Hamiltonian in q, p (or q1..qd, p1..pd), constants, pi and sin cos tan exp log sqrt "
                               "sinh cosh tanh asin acos atan asinh acosh atanh atan2 abs; ^ is the power"));
    h->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    addField(formulaForm, "constants", tr("Constants"), tr("NAME=VALUE, comma-separated: the constants H uses (m=1, g=9.81)"));
    addField(formulaForm, "dof", tr("Degrees of freedom"), tr("'auto' (from the highest index of q1..qd, p1..pd) or a number"));
    derivatives_text_ = new QLabel(formulaBox_);
    derivatives_text_->setWordWrap(true);
    derivatives_text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    derivatives_text_->setProperty("role", "note");
    formulaForm->addRow(derivatives_text_);
    formulaBox_->hide();
    systemLayout->addWidget(formulaBox_);
    for (const char* key : {"H", "constants", "dof"})
        connect(fields_[key], &QLineEdit::textEdited, this, [this] { structureMaybeChanged(); });
    errors_["param"] = makeErrorLabel(systemGroup);
    systemLayout->addWidget(errors_["param"]);
    layout->addWidget(systemGroup);

    auto* domainGroup = new QGroupBox(tr("Domain (training box)"), this);
    auto* domainLayout = new QVBoxLayout(domainGroup);
    auto* domainWidget = new QWidget(domainGroup);
    domainGrid_ = new QGridLayout(domainWidget);
    domainGrid_->setContentsMargins(0, 0, 0, 0);
    domainLayout->addWidget(domainWidget);
    errors_["domain"] = makeErrorLabel(domainGroup);
    domainLayout->addWidget(errors_["domain"]);
    // The anchor fixes Ĥ's constant (derivatives cannot): "auto" is the origin when the box
    // holds it, else the box's centre, with the true H there.
    auto* anchorForm = new QFormLayout;
    anchorForm->setContentsMargins(0, 0, 0, 0);
    domainLayout->addLayout(anchorForm);
    addField(anchorForm, "anchor", tr("Anchor x0"),
             tr("The state where Ĥ = H(x0) fixes the constant: 'auto' (the origin if the box holds it, else the box's "
                "centre) or one value per coordinate, comma-separated"));
    addField(anchorForm, "anchor-h", tr("H(x0)"), tr("The value of Ĥ at the anchor: 'auto' (the true H there) or a number"));
    anchorNote_ = new QLabel(domainGroup);
    anchorNote_->setWordWrap(true);
    anchorNote_->setProperty("role", "warning");
        anchorNote_->hide();
    domainLayout->addWidget(anchorNote_);
    layout->addWidget(domainGroup);

    auto* fitGroup = new QGroupBox(tr("Network and data"), this);
    auto* fitForm = new QFormLayout(fitGroup);
    sampler_ = new QComboBox(fitGroup);
    for (Sampler s : allSamplers()) {
        sampler_->addItem(QString::fromStdString(samplerTitle(s)), QString::fromStdString(samplerName(s)));
        sampler_->setItemData(sampler_->count() - 1, QString::fromStdString(samplerDescription(s)), Qt::ToolTipRole);
    }
    fitForm->addRow(tr("Sampler"), sampler_);
    samplerNote_ = new QLabel(fitGroup);
    samplerNote_->setWordWrap(true);
    samplerNote_->setProperty("role", "note");
    fitForm->addRow(samplerNote_);
    aswimFull_ = new QCheckBox(tr("A-SWIM: full first pass (the paper's; about twice the time)"), fitGroup);
    aswimFull_->setToolTip(tr("Off: the first U-SWIM fit, which only ranks pairs for the second, is a narrower network "
                              "on fewer states (an eighth of the fit's work). On: a full-width fit on every state, as "
                              "in the paper"));
    fitForm->addRow(aswimFull_);
    connect(aswimFull_, &QCheckBox::toggled, this, [this] {
        if (!filling_) emit changed();
    });
    errors_["sampler"] = makeErrorLabel(fitGroup);
    fitForm->addRow(errors_["sampler"]);
    addField(fitForm, "width", tr("Width M"), tr("Hidden neurons (one least-squares unknown each)"));
    addField(fitForm, "train", tr("Training points"), tr("States drawn uniformly in the box, with their true derivatives"));
    addField(fitForm, "test", tr("Test points"), tr("An independent uniform draw, for the errors"));
    addField(fitForm, "seed", tr("Seed"), tr("Seeds the training states, the test states and the hidden layer"));
    addField(fitForm, "rcond", tr("rcond"),
             tr("Relative singular-value cut-off of the least-squares solve, or 'auto': chosen per fit by generalised "
                "cross-validation (noisy data)"));
    solver_ = new QComboBox(fitGroup);
    for (Solver s : allSolvers()) solver_->addItem(QString::fromStdString(solverName(s)), QString::fromStdString(solverName(s)));
    solver_->setItemData(0, tr("Structured QR with Tikhonov damping at rcond·σmax (fast, default)"), Qt::ToolTipRole);
    solver_->setItemData(1, tr("Structured QR, then an SVD with the hard rcond cut-off"), Qt::ToolTipRole);
    solver_->setItemData(2, tr("Structured QR without a cut-off"), Qt::ToolTipRole);
    solver_->setItemData(3, tr("Dense SVD of the whole matrix (LAPACK dgelsd): the reference, slow"), Qt::ToolTipRole);
    fitForm->addRow(tr("Solver"), solver_);
    errors_["solver"] = makeErrorLabel(fitGroup);
    fitForm->addRow(errors_["solver"]);
    layout->addWidget(fitGroup);

    // Training data (docs/method.md §4): uniform states with true derivatives, or states observed
    // along trajectories of the true system, with derivatives from the field or from finite
    // differences, optionally with noise.
    auto* dataGroup = new QGroupBox(tr("Training data"), this);
    auto* dataForm = new QFormLayout(dataGroup);
    dataKind_ = new QComboBox(dataGroup);
    dataKind_->addItem(tr("uniform in the box"), "uniform");
    dataKind_->addItem(tr("along trajectories"), "trajectories");
    dataKind_->addItem(tr("snapshot pairs (x, Φ_h x)"), "snapshots");
    dataKind_->setItemData(0, tr("States drawn uniformly in the domain, derivatives from the true vector field"), Qt::ToolTipRole);
    dataKind_->setItemData(1, tr("States observed along trajectories of the true system started uniformly in the box; "
                                 "they may leave the box"), Qt::ToolTipRole);
    dataKind_->setItemData(2, tr("Each state observed once more after a step h of the true flow, nothing else: the "
                                 "forward difference (x_next − x)/h is the target (limited data, paper §4.6)"),
                           Qt::ToolTipRole);
    // A measured data file replaces the generated states (File ▸ Import data).
    auto* fileRow = new QHBoxLayout;
    auto* fileEdit = new QLineEdit(dataGroup);
    fileEdit->setReadOnly(true);
    fileEdit->setPlaceholderText(tr("none: states generated from the system"));
    fileEdit->setToolTip(tr("A CSV of measured states (traj,t,q1..pd or snapshot pairs): they become the training "
                            "set and the selected system is the truth the errors are measured against"));
    fileEdit->setAccessibleName(tr("Data file"));
    fields_["data-file"] = fileEdit;
    auto* importButton = new QPushButton(tr("Import…"), dataGroup);
    importButton->setToolTip(tr("File ▸ Import data (CSV)…"));
    auto* clearButton = new QPushButton(tr("Clear"), dataGroup);
    clearButton->setObjectName("clearDataFile");
    fileRow->addWidget(fileEdit, 1);
    fileRow->addWidget(importButton);
    fileRow->addWidget(clearButton);
    dataForm->addRow(tr("Data file"), fileRow);
    errors_["data-file"] = makeErrorLabel(dataGroup);
    dataForm->addRow(errors_["data-file"]);
    connect(importButton, &QPushButton::clicked, this, &SettingsForm::importRequested);
    connect(clearButton, &QPushButton::clicked, this, [this] {
        if (fields_["data-file"]->text().isEmpty()) return;
        fields_["data-file"]->clear();
        updateDataFields();
        emit changed();
    });
    dataForm->addRow(tr("States"), dataKind_);
    addField(dataForm, "traj-points", tr("Points per orbit"), tr("Observations per trajectory"));
    addField(dataForm, "traj-dt", tr("Δt"), tr("Time between observations"));
    derivatives_ = new QComboBox(dataGroup);
    derivatives_->addItem(tr("true vector field"), "field");
    derivatives_->addItem(tr("finite differences"), "finite-differences");
    derivatives_->setItemData(1, tr("Central differences (x(t+Δt) − x(t−Δt))/(2Δt) of the observations: error O(Δt²)"), Qt::ToolTipRole);
    dataForm->addRow(tr("Derivatives"), derivatives_);
    addField(dataForm, "noise", tr("Noise σ"), tr("Gaussian noise on the observed states (trajectories) or derivatives (uniform)"));
    noiseRelative_ = new QCheckBox(tr("relative: σ × each coordinate's spread"), dataGroup);
    noiseRelative_->setToolTip(tr("Off: σ in the coordinates' own units. On: coordinate i gets σ·sᵢ, sᵢ the standard "
                                  "deviation of its clean values — \"1% noise\" on every coordinate whatever its scale"));
    dataForm->addRow(QString(), noiseRelative_);
    connect(noiseRelative_, &QCheckBox::toggled, this, [this] {
        if (!filling_) emit changed();
    });
    addField(dataForm, "h", tr("Step h"), tr("Time between the two states of a snapshot pair"));
    fitAt_ = new QComboBox(dataGroup);
    fitAt_->addItem(tr("symplectic Euler (q_next, p)"), "symplectic-euler");
    fitAt_->addItem(tr("midpoint (x + x_next)/2"), "midpoint");
    fitAt_->addItem(tr("start x"), "start");
    fitAt_->setToolTip(tr("Where the difference quotient is attributed: symplectic Euler's point learns a modified "
                          "Hamiltonian that the correction turns into H to O(h²); the midpoint is O(h²) already; the "
                          "start is O(h)"));
    dataForm->addRow(tr("Fit at"), fitAt_);
    correct_ = new QCheckBox(tr("first-order correction H + (h/2) Σ ∂H/∂q ∂H/∂p"), dataGroup);
    correct_->setToolTip(tr("Turns the modified Hamiltonian learned at symplectic Euler's point into H up to O(h²); the "
                            "run shows the error before and after"));
    dataForm->addRow(QString(), correct_);
    errors_["fit-at"] = makeErrorLabel(dataGroup);
    dataForm->addRow(errors_["fit-at"]);
    errors_["correct"] = errorLabelFor("fit-at");
    layout->addWidget(dataGroup);
    for (QComboBox* box : {dataKind_, derivatives_, fitAt_})
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            updateDataFields();
            if (!filling_) emit changed();
        });
    connect(correct_, &QCheckBox::toggled, this, [this] {
        if (!filling_) emit changed();
    });
    errors_["general"] = makeErrorLabel(this);
    layout->addWidget(errors_["general"]);

    connect(system_, &QComboBox::currentIndexChanged, this, [this] {
        if (filling_) return;
        const QString name = currentSystem();
        // Keep the sampler and sizes the user chose (where they read well); take the new
        // system's parameters and domain. The parameter fields still belong to the old system.
        TrainingSettings s;
        s.system = name.toStdString();
        if (name == "formula") {
            s.formula = kDefaultFormula;
            s.params = {{"m", 1.0}, {"g", 1.0}, {"l", 1.0}};
        }
        s.sampler = parseSampler(sampler_->currentData().toString().toStdString());
        s.solver = parseSolver(solver_->currentData().toString().toStdString());
        auto keep = [&](const char* key, auto& target) {
            try {
                target = static_cast<std::decay_t<decltype(target)>>(
                    text::parseNumber(fields_.value(key)->text().toStdString()));
            } catch (const std::invalid_argument&) {
            }
        };
        keep("width", s.width);
        keep("train", s.train);
        keep("test", s.test);
        keep("seed", s.seed);
        keep("rcond", s.rcond);
        try {
            s = resolveSettings(s);
        } catch (const SettingsError&) {
            TrainingSettings fresh;
            fresh.system = s.system;
            fresh.formula = s.formula;
            fresh.params = s.params;
            s = resolveSettings(fresh);
        }
        setSettings(s);
        emit systemChanged(name);
        emit changed();
    });
    connect(sampler_, &QComboBox::currentIndexChanged, this, [this] {
        updateSamplerNote();
        if (!filling_) emit changed();
    });
    connect(solver_, &QComboBox::currentIndexChanged, this, [this] {
        if (!filling_) emit changed();
    });
    updateSamplerNote();
}

QString SettingsForm::currentSystem() const { return system_->currentData().toString(); }

QString SettingsForm::derivativesText() const { return derivatives_text_->text(); }

QString SettingsForm::anchorWarning() const { return anchorNote_->isHidden() ? QString() : anchorNote_->text(); }

QLineEdit* SettingsForm::addField(QFormLayout* form, const QString& key, const QString& label, const QString& tip) {
    auto* edit = new QLineEdit(form->parentWidget());
    edit->setToolTip(tip);
    edit->setAccessibleName(label);
    edit->setMinimumWidth(70);
    form->addRow(label, edit);
    fields_[key] = edit;
    if (!errors_.contains(key)) {
        errors_[key] = makeErrorLabel(form->parentWidget());
        form->addRow(errors_[key]);
    }
    connect(edit, &QLineEdit::textEdited, this, [this] {
        if (!filling_) emit changed();
    });
    return edit;
}

void SettingsForm::rebuildSystemFields(const HamiltonianSystem& sys) {
    const bool formula = sys.name() == "formula";
    fieldsKey_ = QString("%1/%2").arg(QString::fromStdString(sys.name())).arg(sys.dim());
    formulaBox_->setVisible(formula);
    paramsBox_->setVisible(!formula);
    // Parameters (a formula's constants live in their own field).
    for (auto it = fields_.begin(); it != fields_.end();) {
        if (it.key().startsWith("param:") || it.key().startsWith("domain:")) it = fields_.erase(it);
        else ++it;
    }
    while (paramsForm_->rowCount() > 0) paramsForm_->removeRow(0);
    if (!formula)
        for (const auto& p : sys.params()) {
            const QString key = "param:" + QString::fromStdString(p.name);
            auto* edit = new QLineEdit(paramsBox_);
            edit->setToolTip(QString::fromStdString(p.description));
            edit->setAccessibleName(QString::fromStdString(p.name));
            paramsForm_->addRow(QString::fromStdString(p.name), edit);
            fields_[key] = edit;
            // A parameter may change the dimension (the chain's n).
            connect(edit, &QLineEdit::textEdited, this, [this] { structureMaybeChanged(); });
        }
    // Domain: one row per coordinate, "lo  to  hi".
    while (QLayoutItem* item = domainGrid_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const auto names = sys.coordinateNames();
    for (int i = 0; i < sys.dim(); ++i) {
        auto* label = new QLabel(QString::fromStdString(names[static_cast<size_t>(i)]), domainGrid_->parentWidget());
        auto* lo = new QLineEdit(domainGrid_->parentWidget());
        auto* hi = new QLineEdit(domainGrid_->parentWidget());
        lo->setToolTip(tr("Lower bound; 'pi' is understood (-2pi, pi/2)"));
        hi->setToolTip(tr("Upper bound; 'pi' is understood (-2pi, pi/2)"));
        lo->setAccessibleName(QString("%1 lower bound").arg(label->text()));
        hi->setAccessibleName(QString("%1 upper bound").arg(label->text()));
        domainGrid_->addWidget(label, i, 0);
        domainGrid_->addWidget(lo, i, 1);
        domainGrid_->addWidget(new QLabel(tr("to"), domainGrid_->parentWidget()), i, 2);
        domainGrid_->addWidget(hi, i, 3);
        fields_[QString("domain:%1:lo").arg(i)] = lo;
        fields_[QString("domain:%1:hi").arg(i)] = hi;
        for (QLineEdit* e : {lo, hi})
            connect(e, &QLineEdit::textEdited, this, [this] {
                if (!filling_) emit changed();
            });
    }
    domainRows_ = sys.dim();
}

TrainingSettings SettingsForm::structureSettings() const {
    TrainingSettings s;
    s.system = currentSystem().toStdString();
    if (s.system == "formula") {
        s.formula = fields_.value("H")->text().toStdString();
        s.params = parseConstants(fields_.value("constants")->text());
        const QString dof = fields_.value("dof")->text().trimmed();
        if (!dof.isEmpty() && dof != "auto") {
            try {
                s.dof = static_cast<int>(text::parseInteger(dof.toStdString(), 1, 64));
            } catch (const std::invalid_argument& e) {
                throw SettingsError("dof", e.what());
            }
        }
    } else {
        for (auto it = fields_.begin(); it != fields_.end(); ++it)
            if (it.key().startsWith("param:")) {
                try {
                    s.params[it.key().mid(6).toStdString()] = text::parseNumber(it.value()->text().toStdString());
                } catch (const std::invalid_argument& e) {
                    throw SettingsError("param", it.key().mid(6).toStdString() + ": " + e.what());
                }
            }
    }
    return s;
}

std::map<std::string, double> SettingsForm::parseConstants(const QString& text) {
    std::map<std::string, double> out;
    for (const QString& part : text.split(',', Qt::SkipEmptyParts)) {
        const QString kv = part.trimmed();
        const int eq = kv.indexOf('=');
        if (eq <= 0) throw SettingsError("param", "'" + kv.toStdString() + "' is not of the form NAME=VALUE");
        const std::string name = kv.left(eq).trimmed().toStdString();
        try {
            out[name] = text::parseNumber(kv.mid(eq + 1).toStdString());
        } catch (const std::invalid_argument& e) {
            throw SettingsError("param", name + ": " + e.what());
        }
    }
    return out;
}

void SettingsForm::structureMaybeChanged() {
    if (filling_) return;
    for (const char* key : {"H", "dof", "param"}) {
        errorLabelFor(key)->clear();
        errorLabelFor(key)->hide();
        if (QLineEdit* e = fields_.value(key)) markInvalid(e, false);
    }
    markInvalid(fields_.value("constants"), false);
    try {
        const auto sys = systemFor(structureSettings());
        showDerivatives(*sys);
        if (sys->dim() != domainRows_) {
            // New coordinates: the new system's own domain and anchor.
            TrainingSettings s = structureSettings();
            s.sampler = parseSampler(sampler_->currentData().toString().toStdString());
            filling_ = true;
            rebuildSystemFields(*sys);
            const Domain d = sys->defaultDomain();
            for (int i = 0; i < d.dim(); ++i) {
                fields_[QString("domain:%1:lo").arg(i)]->setText(bound(d.intervals[static_cast<size_t>(i)].lo));
                fields_[QString("domain:%1:hi").arg(i)]->setText(bound(d.intervals[static_cast<size_t>(i)].hi));
            }
            for (const auto& p : sys->params())
                if (QLineEdit* e = fields_.value("param:" + QString::fromStdString(p.name))) e->setText(number(p.value));
            fields_["anchor"]->setText("auto");
            filling_ = false;
            emit systemChanged(currentSystem());
        }
    } catch (const SettingsError& e) {
        // Next to the editor; nothing trains until it is fixed (readSettings refuses too).
        const QString key = QString::fromStdString(e.key());
        showError(key == "param" && currentSystem() == "formula" ? "param" : key, QString::fromStdString(e.reason()));
        if (key == "param" && currentSystem() == "formula") markInvalid(fields_.value("constants"), true);
        return;
    }
    emit changed();
}

void SettingsForm::showDerivatives(const HamiltonianSystem& sys) {
    QStringList lines;
    for (const auto& d : sys.derivativeTexts()) lines << QString::fromStdString(d).toHtmlEscaped();
    derivatives_text_->setText(lines.isEmpty() ? QString() : tr("<i>Exact derivatives (GiNaC):</i><br>") + lines.join("<br>"));
}

void SettingsForm::setSettings(const TrainingSettings& s) {
    filling_ = true;
    const QString name = QString::fromStdString(s.system);
    system_->setCurrentIndex(system_->findData(name));
    const auto sys = systemFor(s);
    if (fieldsKey_ != QString("%1/%2").arg(name).arg(sys->dim())) rebuildSystemFields(*sys);
    formulaBox_->setVisible(name == "formula");
    paramsBox_->setVisible(name != "formula");
    if (name == "formula") {
        fields_["H"]->setText(QString::fromStdString(s.formula));
        QStringList constants;
        for (const auto& [k, v] : s.params) constants << QString("%1=%2").arg(QString::fromStdString(k), number(v));
        fields_["constants"]->setText(constants.join(", "));
        // "auto" when the variables say as much; a number only where it adds degrees of freedom.
        bool inferred = false;
        try {
            TrainingSettings probe = s;
            probe.dof = 0;
            inferred = systemFor(probe)->dof() == sys->dof();
        } catch (const SettingsError&) {
        }
        fields_["dof"]->setText(inferred ? QStringLiteral("auto") : QString::number(sys->dof()));
    }
    showDerivatives(*sys);
    for (const auto& [k, v] : s.params)
        if (QLineEdit* e = fields_.value("param:" + QString::fromStdString(k))) e->setText(number(v));
    for (int i = 0; i < s.domain.dim(); ++i) {
        fields_[QString("domain:%1:lo").arg(i)]->setText(bound(s.domain.intervals[static_cast<size_t>(i)].lo));
        fields_[QString("domain:%1:hi").arg(i)]->setText(bound(s.domain.intervals[static_cast<size_t>(i)].hi));
    }
    sampler_->setCurrentIndex(sampler_->findData(QString::fromStdString(samplerName(s.sampler))));
    solver_->setCurrentIndex(solver_->findData(QString::fromStdString(solverName(s.solver))));
    fields_["width"]->setText(QString::number(s.width));
    fields_["train"]->setText(QString::number(s.train));
    fields_["test"]->setText(QString::number(s.test));
    fields_["seed"]->setText(QString::number(s.seed));
    fields_["rcond"]->setText(s.rcondAuto ? QStringLiteral("auto") : number(s.rcond));
    dataKind_->setCurrentIndex(dataKind_->findData(QString::fromStdString(dataKindName(s.data.kind))));
    derivatives_->setCurrentIndex(derivatives_->findData(QString::fromStdString(derivativeSourceName(s.data.derivatives))));
    fields_["traj-points"]->setText(QString::number(s.data.points));
    fields_["traj-dt"]->setText(number(s.data.dt));
    fields_["noise"]->setText(number(s.data.noise));
    noiseRelative_->setChecked(s.data.noiseRelative);
    aswimFull_->setChecked(s.aswimFullFirstPass);
    aswimFirstWidth_ = s.aswimFirstWidth;
    aswimFirstTrain_ = s.aswimFirstTrain;
    fields_["data-file"]->setText(QString::fromStdString(s.dataFile));
    fields_["h"]->setText(number(s.data.h));
    fitAt_->setCurrentIndex(fitAt_->findData(QString::fromStdString(fitPointName(s.data.fitAt))));
    correct_->setChecked(s.data.correct);
    // "auto" where the settings hold the defaults, so a new box or system gets its own.
    const bool autoAnchor = s.anchor.empty() || s.anchor == defaultAnchor(s.domain);
    QStringList anchorText;
    for (double v : s.anchor) anchorText << number(v);
    fields_["anchor"]->setText(autoAnchor ? QStringLiteral("auto") : anchorText.join(", "));
    bool autoH = !s.anchorH;
    if (s.anchorH && !s.anchor.empty()) {
        try {
            autoH = systemFor(s)->H(s.anchor.data()) == *s.anchorH;
        } catch (const SettingsError&) {
        }
    }
    fields_["anchor-h"]->setText(autoH ? QStringLiteral("auto") : number(*s.anchorH));
    updateDataFields();
    filling_ = false;
    clearErrors();
    updateSamplerNote();
}

std::optional<TrainingSettings> SettingsForm::readSettings() {
    clearErrors();
    TrainingSettings s;
    s.system = currentSystem().toStdString();
    s.sampler = parseSampler(sampler_->currentData().toString().toStdString());
    s.solver = parseSolver(solver_->currentData().toString().toStdString());
    if (s.sampler == Sampler::ASwim) {  // the other samplers have no first pass (settings.h)
        s.aswimFullFirstPass = aswimFull_->isChecked();
        s.aswimFirstWidth = aswimFirstWidth_;
        s.aswimFirstTrain = aswimFirstTrain_;
    }
    try {
        // The system's structure (parameters, formula) first: it says how many coordinates
        // the domain has.
        const TrainingSettings structure = structureSettings();
        s.formula = structure.formula;
        s.dof = structure.dof;
        s.params = structure.params;
        const auto sys = systemFor(structure);
        if (sys->dim() != domainRows_)
            throw SettingsError("domain", "the domain has " + std::to_string(domainRows_) + " rows but the system has " +
                                              std::to_string(sys->dim()) + " coordinates");
        auto numberOf = [&](const QString& key, const std::string& errorKey) {
            const QLineEdit* edit = fields_.value(key);
            if (!edit) throw SettingsError(errorKey, "has no field");
            try {
                return text::parseNumber(edit->text().toStdString());
            } catch (const std::invalid_argument& e) {
                throw SettingsError(errorKey, e.what());
            }
        };
        auto integerOf = [&](const QString& key) {
            try {
                return text::parseInteger(fields_.value(key)->text().toStdString(), -(1LL << 62), 1LL << 62);
            } catch (const std::invalid_argument& e) {
                throw SettingsError(key.toStdString(), e.what());
            }
        };
        for (int i = 0; i < sys->dim(); ++i) {
            Interval iv;
            const std::string coord = sys->coordinateNames()[static_cast<size_t>(i)];
            try {
                iv.lo = numberOf(QString("domain:%1:lo").arg(i), "domain");
                iv.hi = numberOf(QString("domain:%1:hi").arg(i), "domain");
            } catch (const SettingsError& e) {
                throw SettingsError("domain", coord + ": " + e.reason());
            }
            s.domain.intervals.push_back(iv);
        }
        s.width = integerOf("width");
        s.train = integerOf("train");
        s.test = integerOf("test");
        const auto seed = integerOf("seed");
        if (seed < 0) throw SettingsError("seed", "must be 0 or more");
        s.seed = static_cast<std::uint64_t>(seed);
        if (fields_["rcond"]->text().trimmed() == "auto") s.rcondAuto = true;  // GCV chooses it
        else s.rcond = numberOf("rcond", "rcond");
        s.data.kind = parseDataKind(dataKind_->currentData().toString().toStdString());
        s.data.derivatives = parseDerivativeSource(derivatives_->currentData().toString().toStdString());
        s.data.noise = numberOf("noise", "noise");
        s.data.noiseRelative = noiseRelative_->isChecked();
        s.dataFile = fields_["data-file"]->text().toStdString();
        if (s.data.kind == DataKind::Trajectories) {
            const auto points = integerOf("traj-points");
            if (points < 3 || points > 100000) throw SettingsError("traj-points", "must be between 3 and 100000");
            s.data.points = static_cast<int>(points);
            s.data.dt = numberOf("traj-dt", "traj-dt");
        }
        if (s.data.kind == DataKind::Snapshots) {
            s.data.h = numberOf("h", "h");
            s.data.fitAt = parseFitPoint(fitAt_->currentData().toString().toStdString());
            s.data.correct = correct_->isChecked();
        }
        const QString anchorText = fields_["anchor"]->text().trimmed();
        if (!anchorText.isEmpty() && anchorText != "auto") {
            for (const auto& v : text::splitList(anchorText.toStdString())) {
                try {
                    s.anchor.push_back(text::parseNumber(v));
                } catch (const std::invalid_argument& e) {
                    throw SettingsError("anchor", e.what());
                }
            }
        }
        const QString anchorH = fields_["anchor-h"]->text().trimmed();
        if (!anchorH.isEmpty() && anchorH != "auto") s.anchorH = numberOf("anchor-h", "anchor-h");
        TrainingSettings resolved = resolveSettings(s);
        checkMemory(resolved);
        const bool outside = !anchorInside(resolved.domain, resolved.anchor);
        anchorNote_->setText(outside ? tr("The anchor lies outside the box: Ĥ's constant is fixed where no data "
                                          "constrain it, and Ĥ may be off by a constant inside the box.")
                                     : QString());
        anchorNote_->setVisible(outside);
        return resolved;
    } catch (const SettingsError& e) {
        showError(QString::fromStdString(e.key()), QString::fromStdString(e.reason()));
        return std::nullopt;
    }
}

QLabel* SettingsForm::errorLabelFor(const QString& key) const {
    if (errors_.contains(key)) return errors_.value(key);
    return errors_.value("general");
}

void SettingsForm::showError(const QString& key, const QString& message) {
    QLabel* label = errorLabelFor(key);
    label->setText(errors_.contains(key) ? message : QString("%1: %2").arg(key, message));
    label->show();
    if (QLineEdit* e = fields_.value(key)) markInvalid(e, true);
}

void SettingsForm::clearErrors() {
    for (QLabel* l : errors_) {
        l->clear();
        l->hide();
    }
    for (QLineEdit* e : fields_) markInvalid(e, false);
}

QString SettingsForm::errorText(const QString& key) const { return errorLabelFor(key)->text(); }

void SettingsForm::setDataFile(const QString& path) {
    fields_["data-file"]->setText(path);
    updateDataFields();
}

void SettingsForm::updateDataFields() {
    // With a data file, the file is the training set: nothing to generate.
    const bool file = !fields_["data-file"]->text().isEmpty();
    dataKind_->setEnabled(!file);
    for (const char* key : {"train", "noise"}) fields_[key]->setEnabled(!file);
    noiseRelative_->setEnabled(!file);
    const bool trajectories = !file && dataKind_->currentData().toString() == "trajectories";
    for (const char* key : {"traj-points", "traj-dt"}) fields_[key]->setEnabled(trajectories);
    derivatives_->setEnabled(trajectories);
    const bool snapshots = !file && dataKind_->currentData().toString() == "snapshots";
    fields_["h"]->setEnabled(snapshots);
    fitAt_->setEnabled(snapshots);
    correct_->setEnabled(snapshots && fitAt_->currentData().toString() == "symplectic-euler");
}

void SettingsForm::updateSamplerNote() {
    const Sampler s = parseSampler(sampler_->currentData().toString().toStdString());
    aswimFull_->setEnabled(s == Sampler::ASwim);
    QString note = QString::fromStdString(samplerDescription(s));
    if (samplerNeedsTrueH(s))
        note += tr(" Real trajectory data has no H values: use U-SWIM or A-SWIM there.");
    samplerNote_->setText(note);
}

} // namespace shnn::ui
