#include "train_worker.h"

#include "core/errors.h"

#include <QElapsedTimer>
#include <new>

namespace shnn::ui {

void TrainWorker::run(quint64 id, const TrainingSettings& settings, const CancelFlag& cancel) {
    if (cancel->load()) {
        emit cancelled(id);
        return;
    }
    // Progress is throttled to ~30 updates a second, plus every change of stage or pass.
    QElapsedTimer clock;
    clock.start();
    qint64 lastEmit = -1000;
    int lastStage = -1, lastPass = -1;
    ProgressFn onProgress = [&](const Progress& p) {
        const int stage = static_cast<int>(p.stage);
        const qint64 now = clock.elapsed();
        if (stage == lastStage && p.pass == lastPass && now - lastEmit < 33 && p.fraction < 1.0) return;
        lastStage = stage;
        lastPass = p.pass;
        lastEmit = now;
        emit progress(id, stage, p.pass, p.passes, p.fraction);
    };
    try {
        auto result = train(settings, RunControl(onProgress, cancel.get()), [&](const TrainingResult& first) {
            emit intermediate(id, std::make_shared<const TrainingResult>(first));
        });
        emit finished(id, std::make_shared<const TrainingResult>(std::move(result)));
    } catch (const Cancelled&) {
        emit cancelled(id);
    } catch (const SettingsError& e) {
        emit failed(id, QString::fromStdString(e.key()), QString::fromStdString(e.reason()));
    } catch (const std::bad_alloc&) {
        emit failed(id, QString(), QStringLiteral("out of memory"));
    } catch (const std::exception& e) {
        emit failed(id, QString(), QString::fromStdString(e.what()));
    }
}

} // namespace shnn::ui
