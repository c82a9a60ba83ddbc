#include "ui/jobs/train_controller.h"

#include "core/errors.h"
#include "core/train/trainer.h"
#include "ui/jobs/job_runner.h"

#include <chrono>
#include <new>

namespace shnn::ui {

TrainController::TrainController(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ResultPtr>();
    runner_ = new JobRunner("shnn-train", this);
    connect(runner_, &JobRunner::jobStarted, this, [this](quint64 id) {
        const auto it = requested_.find(id);
        if (it == requested_.end()) return;
        const TrainingSettings settings = it->second;
        requested_.erase(requested_.begin(), std::next(it));  // older requests were dropped unbegun
        emit started(settings);
    });
    connect(runner_, &JobRunner::jobEnded, this, [this] { emit jobEnded(); });
    connect(runner_, &JobRunner::cancelled, this, &TrainController::cancelled);
}

TrainController::~TrainController() { runner_->cancel(); }

bool TrainController::busy() const { return runner_->busy(); }

int TrainController::jobsStarted() const { return runner_->jobsStarted(); }

void TrainController::cancel() { runner_->cancel(); }

void TrainController::train(const TrainingSettings& settings) {
    const quint64 id = runner_->startRaw([this, settings](const JobRunner::Context& ctx) {
        using Clock = std::chrono::steady_clock;
        Clock::time_point last{};
        int lastStage = -1, lastPass = -1;
        // Throttled: every change of stage or pass, the end of a stage, else ~30 a second.
        ProgressFn onProgress = [&](const Progress& p) {
            const auto now = Clock::now();
            const int stage = static_cast<int>(p.stage);
            if (stage == lastStage && p.pass == lastPass && now - last < std::chrono::milliseconds(33) && p.fraction < 1.0)
                return;
            lastStage = stage;
            lastPass = p.pass;
            last = now;
            ctx.post([this, p] { emit progress(p); });
        };
        try {
            auto result = shnn::train(settings, RunControl(onProgress, &ctx.cancelFlag()), [&](const TrainingResult& first) {
                auto r = std::make_shared<const TrainingResult>(first);
                ctx.post([this, r] { emit intermediate(r); });
            });
            auto r = std::make_shared<const TrainingResult>(std::move(result));
            ctx.post([this, r] { emit finished(r); });
        } catch (const Cancelled&) {
            // cancel() reports through JobRunner::cancelled; a superseded fit reports nothing.
        } catch (const SettingsError& e) {
            const QString key = QString::fromStdString(e.key()), reason = QString::fromStdString(e.reason());
            ctx.post([this, key, reason] { emit failed(key, reason); });
        } catch (const NumericalError& e) {
            // The engine names the problem; the advice is in the form's terms.
            QString message = QString::fromUtf8(e.what()), key;
            if (message.contains("ill-conditioned")) {
                message += tr(" — choose the qr solver or a larger rcond");
                key = QStringLiteral("solver");
            }
            ctx.post([this, key, message] { emit failed(key, message); });
        } catch (const std::bad_alloc&) {
            ctx.post([this] { emit failed(QString(), QStringLiteral("out of memory")); });
        } catch (const std::exception& e) {
            const QString message = QString::fromUtf8(e.what());
            ctx.post([this, message] { emit failed(QString(), message); });
        }
    });
    requested_[id] = settings;
}

} // namespace shnn::ui
