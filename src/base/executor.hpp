#pragma once
// Work crosses threads only by post(). Everything above base/ gets an Executor& (or an
// EventLoop&) and never sees a thread or an Asio type in its headers.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "base/timer_queue.hpp"

namespace hk {

class Executor {
 public:
  virtual ~Executor() = default;
  virtual void post(std::function<void()> fn) = 0;
};

// One thread's event loop: Asio's io_context plus a TimerQueue. Calls, their legs and
// timers are owned by one loop; other threads talk to it with post().
class EventLoop final : public Executor {
 public:
  explicit EventLoop(std::string name);
  ~EventLoop() override;
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  void post(std::function<void()> fn) override;
  // Timers: only from the loop's own thread.
  TimerId runAfter(std::chrono::milliseconds delay, std::function<void()> fn);
  bool cancelTimer(TimerId id);
  size_t timerCount() const;

  void run();    // runs on the calling thread until stop()
  void start();  // runs on a new thread
  void stop();   // from any thread; start()ed loops are joined by the destructor
  bool inLoopThread() const;
  const std::string& name() const { return name_; }

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::string name_;
  std::unique_ptr<Impl> impl_;
  std::thread thread_;
};

// A fixed pool of threads for blocking work (database, HTTP and SMTP clients, TTS).
class WorkerPool final : public Executor {
 public:
  WorkerPool(std::string name, size_t threads);
  ~WorkerPool() override;
  void post(std::function<void()> fn) override;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hk
