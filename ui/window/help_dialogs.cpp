#include "ui/window/help_dialogs.h"

#include <memory>

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QTextBrowser>
#include <QVBoxLayout>
#include "core/fit/blas_kernels.h"
#include "core/systems/formula/formula.h"

#include <Eigen/Core>
#include <boost/version.hpp>
#include <nlohmann/json.hpp>

namespace shnn::ui {

namespace {

void showText(QWidget* parent, const QString& title, const QString& html, QSize size) {
    auto* dialog = new QDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    auto* layout = new QVBoxLayout(dialog);
    auto* text = new QTextBrowser(dialog);
    text->setOpenExternalLinks(true);
    text->setHtml(html);
    layout->addWidget(text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    layout->addWidget(buttons);
    dialog->resize(size);
    dialog->show();
}

void collect(QMenu* menu, const QString& path, QStringList& rows) {
    for (QAction* a : menu->actions()) {
        if (a->isSeparator()) continue;
        const QString name = path + QString(a->text()).remove('&');
        if (a->menu()) {
            collect(a->menu(), name + " ▸ ", rows);
            continue;
        }
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText).toHtmlEscaped();
        if (!keys.isEmpty()) rows << QString("<tr><td>%1</td><td><b>%2</b></td></tr>").arg(name.toHtmlEscaped(), keys.join(", "));
    }
}

} // namespace

QString shortcutsText(QMenuBar* menus) {
    QStringList rows;
    for (QAction* a : menus->actions())
        if (a->menu()) collect(a->menu(), QString(a->text()).remove('&') + " ▸ ", rows);
    rows << QObject::tr("<tr><td>Motion ▸ Play / Pause</td><td><b>Space</b></td></tr>");
    rows << QObject::tr("<tr><td>Any plot: pan / zoom</td><td><b>drag / mouse wheel</b></td></tr>");
    return QObject::tr("<h3>Keyboard shortcuts</h3><table cellpadding='4'>%1</table>").arg(rows.join(""));
}

QString aboutText() {
    const QString eigen = QString("%1.%2.%3").arg(EIGEN_WORLD_VERSION).arg(EIGEN_MAJOR_VERSION).arg(EIGEN_MINOR_VERSION);
    const QString boost = QString("%1.%2.%3").arg(BOOST_VERSION / 100000).arg(BOOST_VERSION / 100 % 1000).arg(BOOST_VERSION % 100);
    const QString json = QString("%1.%2.%3")
                             .arg(NLOHMANN_JSON_VERSION_MAJOR)
                             .arg(NLOHMANN_JSON_VERSION_MINOR)
                             .arg(NLOHMANN_JSON_VERSION_PATCH);
    // The version from "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH …", and the kernels in use
    // (core/fit/blas_kernels.h), with OpenBLAS's own choice where the program corrected it.
    const QStringList config = QString::fromStdString(blas::blasConfig()).split(' ', Qt::SkipEmptyParts);
    QString openblas = config.value(1, config.value(0));
    const QString kernels = QString::fromStdString(blas::currentCore());
    const QString chosen = QString::fromStdString(blas::coreChosenBeforeRestart());
    if (!kernels.isEmpty() && config.contains("DYNAMIC_ARCH"))
        openblas += chosen.isEmpty() ? QObject::tr(" (kernels for %1, chosen at run time)").arg(kernels)
                                     : QObject::tr(" (kernels for %1: OpenBLAS chose %2, without AVX2, for this CPU)")
                                           .arg(kernels, chosen);
    openblas = openblas.toHtmlEscaped();
    return QObject::tr(
               "<h2>S-HNN Studio %1</h2>"
               "<p>Hamiltonian neural networks trained without backpropagation: the hidden layer is sampled (ELM, "
               "U-SWIM, A-SWIM, SWIM) and the last layer comes from one linear least-squares solve.</p>"
               "<p>S-HNN Studio is free software under the GNU General Public License, version 3 or later "
               "(QCustomPlot's licence requires it).</p>"
               "<table cellpadding='3'>"
               "<tr><th align='left'>Library</th><th align='left'>Version</th><th align='left'>Licence</th></tr>"
               "<tr><td>Qt</td><td>%2</td><td>LGPL 3</td></tr>"
               "<tr><td>QCustomPlot</td><td>2.1.0</td><td>GPL 3</td></tr>"
               "<tr><td>Eigen</td><td>%3</td><td>MPL 2</td></tr>"
               "<tr><td>Boost (Odeint)</td><td>%4</td><td>Boost Software License 1.0</td></tr>"
               "<tr><td>nlohmann/json</td><td>%5</td><td>MIT</td></tr>"
               "<tr><td>OpenBLAS with LAPACK</td><td>%6</td><td>BSD 3-clause</td></tr>"
               "<tr><td>GiNaC with CLN (formula systems)</td><td>%7</td><td>GPL 2 or later</td></tr>"
               "</table>")
        .arg(QStringLiteral(SHNN_VERSION), QString::fromLatin1(qVersion()), eigen, boost, json, openblas,
             QString::fromStdString(formula::casVersion()));
}

void showGuide(QWidget* parent) {
    QFile f(":/guide.html");
    const QString html = f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QObject::tr("The guide is missing.");
    showText(parent, QObject::tr("S-HNN Studio guide"), html, QSize(760, 680));
}

void showShortcuts(QWidget* parent, QMenuBar* menus) {
    showText(parent, QObject::tr("Keyboard shortcuts"), shortcutsText(menus), QSize(560, 620));
}

QMessageBox* createAboutBox(QWidget* parent) {
    auto* box = new QMessageBox(parent);
    box->setWindowTitle(QObject::tr("About S-HNN Studio"));
    box->setIconPixmap(QIcon(":/icons/shnn-studio.svg").pixmap(96, 96));
    box->setTextFormat(Qt::RichText);
    box->setText(aboutText());
    return box;
}

void showAbout(QWidget* parent) {
    std::unique_ptr<QMessageBox> box(createAboutBox(parent));
    box->exec();
}

} // namespace shnn::ui
