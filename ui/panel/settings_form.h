#pragma once
// The side panel's form: system and its parameters, the domain box per coordinate, sampler,
// width, training points, seed, rcond, solver. It reads into a TrainingSettings through the
// engine's own parsing and validation (resolveSettings), and shows each error next to the
// field it concerns; the previous result stays untouched because nothing starts.
#include "core/train/settings.h"

#include <QHash>
#include <QWidget>
#include <optional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QGridLayout;
class QLabel;
class QLineEdit;

namespace shnn {
class HamiltonianSystem;
}

namespace shnn::ui {

// The formula a new "Custom formula" starts from: the pendulum with its constants.
inline const char* kDefaultFormula = "p^2/(2*m*l^2) + m*g*l*(1 - cos(q))";

class SettingsForm : public QWidget {
    Q_OBJECT
public:
    explicit SettingsForm(QWidget* parent = nullptr);

    // Fills every field from (resolved) settings without emitting changed().
    void setSettings(const TrainingSettings& s);
    // The measured data file the next fit trains on ("" for generated states); no changed().
    void setDataFile(const QString& path);
    // Reads and validates; on failure shows the error next to its field and returns nothing.
    std::optional<TrainingSettings> readSettings();
    // Shows an engine error (by setting key, e.g. "width") next to its field.
    void showError(const QString& key, const QString& message);
    void clearErrors();
    QString errorText(const QString& key) const;  // what is shown for a key ("" if none)

    // The widgets, for tests and shortcuts: keys "H", "constants", "dof" (formula systems),
    // "width", "train", "test", "seed", "rcond",
    // "traj-points", "traj-dt", "noise", "data-file", "anchor", "anchor-h", "param:NAME", "domain:I:lo",
    // "domain:I:hi".
    QLineEdit* field(const QString& key) const { return fields_.value(key); }
    QComboBox* systemBox() const { return system_; }
    QComboBox* samplerBox() const { return sampler_; }
    QComboBox* solverBox() const { return solver_; }
    QComboBox* dataKindBox() const { return dataKind_; }
    QComboBox* derivativesBox() const { return derivatives_; }
    QComboBox* fitAtBox() const { return fitAt_; }
    QCheckBox* correctBox() const { return correct_; }
    QCheckBox* noiseRelativeBox() const { return noiseRelative_; }
    QCheckBox* aswimFullFirstPassBox() const { return aswimFull_; }
    QString currentSystem() const;
    QString anchorWarning() const;  // shown when the anchor lies outside the box ("" if none)
    QString derivativesText() const;  // the derivatives of a formula system, as shown

signals:
    void changed();                      // any edit by the user
    void systemChanged(const QString& name);
    void importRequested();              // the data file row's Import… button

private:
    void rebuildSystemFields(const HamiltonianSystem& sys);
    // The system as the fields describe it (name, parameters or formula); SettingsError.
    TrainingSettings structureSettings() const;
    static std::map<std::string, double> parseConstants(const QString& text);
    // After an edit of a parameter or the formula: validate it, show the derivatives, and
    // rebuild the domain rows when the number of coordinates changed.
    void structureMaybeChanged();
    void showDerivatives(const HamiltonianSystem& sys);
    QLineEdit* addField(QFormLayout* form, const QString& key, const QString& label, const QString& tip);
    QLabel* errorLabelFor(const QString& key) const;
    void updateSamplerNote();
    void updateDataFields();

    QComboBox* system_ = nullptr;
    QComboBox* sampler_ = nullptr;
    QComboBox* solver_ = nullptr;
    QComboBox* dataKind_ = nullptr;
    QComboBox* derivatives_ = nullptr;
    QComboBox* fitAt_ = nullptr;     // snapshot pairs: where the quotient is attributed
    QCheckBox* correct_ = nullptr;   // snapshot pairs: the first-order correction
    QCheckBox* noiseRelative_ = nullptr;  // noise σ relative to each coordinate's spread
    QCheckBox* aswimFull_ = nullptr;      // A-SWIM: the paper's full first pass
    // A-SWIM first-pass sizes given on the command line or in a session (no fields of their
    // own): kept while A-SWIM stays chosen.
    std::int64_t aswimFirstWidth_ = 0, aswimFirstTrain_ = 0;
    QLabel* anchorNote_ = nullptr;  // a warning when the anchor lies outside the box
    QLabel* samplerNote_ = nullptr;
    QWidget* paramsBox_ = nullptr;
    QFormLayout* paramsForm_ = nullptr;
    QGridLayout* domainGrid_ = nullptr;
    QHash<QString, QLineEdit*> fields_;
    QHash<QString, QLabel*> errors_;   // per key: "system", "param", "domain", "width", ...
    QString fieldsKey_;     // "system/dimension" the parameter and domain fields were built for
    int domainRows_ = 0;
    QWidget* formulaBox_ = nullptr;
    QLabel* derivatives_text_ = nullptr;
    bool filling_ = false;
};

} // namespace shnn::ui
