#pragma once
// Work for the views (grids, contour lines, trajectories) off the GUI thread: start() runs a
// function on Qt's thread pool and delivers its value on the GUI thread — unless a newer job
// was started on the same LatestJob meanwhile, which supersedes it (its cancel flag is set and
// its value dropped). Destroying the LatestJob cancels the running job.
#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <atomic>
#include <exception>
#include <functional>
#include <memory>

namespace shnn::ui {

class LatestJob : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~LatestJob() override { cancel(); }

    template <class T>
    void start(std::function<T(const std::atomic<bool>& cancel)> work, std::function<void(const T&)> done,
               std::function<void(const QString&)> failed = {}) {
        cancel();
        auto flag = std::make_shared<std::atomic<bool>>(false);
        cancel_ = flag;
        const quint64 generation = ++generation_;
        ++running_;
        QPointer<LatestJob> self(this);
        QThreadPool::globalInstance()->start([self, flag, generation, work, done, failed] {
            std::shared_ptr<T> value;
            QString error;
            bool cancelled = false;
            try {
                value = std::make_shared<T>(work(*flag));
            } catch (const std::exception& e) {
                cancelled = flag->load();
                error = QString::fromUtf8(e.what());
            }
            QMetaObject::invokeMethod(
                qApp,
                [self, generation, value, error, cancelled, done, failed] {
                    if (!self) return;
                    --self->running_;
                    if (generation != self->generation_ || cancelled) return;
                    if (value) done(*value);
                    else if (failed) failed(error);
                    emit self->settled();
                },
                Qt::QueuedConnection);
        });
    }

    void cancel() {
        if (cancel_) cancel_->store(true);
    }
    bool busy() const { return running_ > 0; }

signals:
    void settled();  // the newest job delivered its value or its error

private:
    quint64 generation_ = 0;
    int running_ = 0;
    std::shared_ptr<std::atomic<bool>> cancel_;
};

} // namespace shnn::ui
