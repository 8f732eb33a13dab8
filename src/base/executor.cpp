#include "base/executor.hpp"

#include <pthread.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "base/detail/asio.hpp"

namespace asio = boost::asio;

namespace hk {

struct EventLoop::Impl {
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> guard{io.get_executor()};
  asio::steady_timer timer{io};
  TimerQueue timers;
  std::optional<MonoTime> armed;
  std::thread::id thread_id;

  void rearm() {
    auto next = timers.nextDeadline();
    if (!next) {
      if (armed) timer.cancel();
      armed.reset();
      return;
    }
    if (armed && *armed == *next) return;
    armed = next;
    timer.expires_at(*next);
    timer.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      armed.reset();
      timers.runDue(std::chrono::steady_clock::now());
      rearm();
    });
  }
};

namespace detail {
asio::io_context& ioContext(EventLoop& loop) { return loop.impl().io; }
}  // namespace detail

EventLoop::EventLoop(std::string name) : name_(std::move(name)), impl_(std::make_unique<Impl>()) {}

EventLoop::~EventLoop() {
  stop();
  if (thread_.joinable()) thread_.join();
}

void EventLoop::post(std::function<void()> fn) { asio::post(impl_->io, std::move(fn)); }

TimerId EventLoop::runAfter(std::chrono::milliseconds delay, std::function<void()> fn) {
  TimerId id = impl_->timers.add(std::chrono::steady_clock::now() + delay, std::move(fn));
  impl_->rearm();
  return id;
}

bool EventLoop::cancelTimer(TimerId id) {
  bool was = impl_->timers.cancel(id);
  if (was) impl_->rearm();
  return was;
}

size_t EventLoop::timerCount() const { return impl_->timers.size(); }

void EventLoop::run() {
  impl_->thread_id = std::this_thread::get_id();
  impl_->io.run();
}

void EventLoop::start() {
  thread_ = std::thread([this] { run(); });
  // The loop's name on its thread (top -H, /proc/<pid>/task/*/comm; 15 characters at most).
  pthread_setname_np(thread_.native_handle(), name_.substr(0, 15).c_str());
}

void EventLoop::stop() {
  impl_->guard.reset();
  impl_->io.stop();
}

bool EventLoop::inLoopThread() const { return impl_->thread_id == std::this_thread::get_id(); }

struct WorkerPool::Impl {
  explicit Impl(size_t n) : pool(n) {}
  asio::thread_pool pool;
};

WorkerPool::WorkerPool(std::string, size_t threads)
    : impl_(std::make_unique<Impl>(threads == 0 ? 1 : threads)) {}
WorkerPool::~WorkerPool() { stop(); }
void WorkerPool::post(std::function<void()> fn) { asio::post(impl_->pool, std::move(fn)); }
void WorkerPool::stop() { impl_->pool.join(); }

}  // namespace hk
