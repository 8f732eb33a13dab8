#pragma once
// A TrunkIo for unit tests: requests are recorded (the test answers them through their
// callbacks), timers fire when the test says, name lookups wait for the test's answer.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "b2bua/trunk_io.hpp"

namespace hk::b2bua::test {

class FakeTrunkIo final : public TrunkIo {
 public:
  struct Sent {
    sip::Message request;
    sip::Target to;
    sip::ClientCallbacks cb;
  };
  struct Timer {
    std::chrono::milliseconds delay;
    std::function<void()> fn;
  };

  void send(const sip::Message& request, const sip::Target& to, sip::ClientCallbacks cb) override {
    sent.push_back({request, to, std::move(cb)});
  }
  TimerId after(std::chrono::milliseconds delay, std::function<void()> fn) override {
    timers[next_timer] = {delay, std::move(fn)};
    return next_timer++;
  }
  void cancel(TimerId id) override { timers.erase(id); }
  void resolve(const std::string& host, std::function<void(const Result<Addresses>&)> cb) override {
    lookups.emplace_back(host, std::move(cb));
  }
  std::string contact(sip::TransportKind, std::string_view user) const override {
    return "<sip:" + std::string(user) + "@192.0.2.5:5070>";
  }
  std::string localHost() const override { return "192.0.2.5"; }
  std::chrono::milliseconds stopWait() const override { return std::chrono::milliseconds(3000); }

  // The callbacks of sent[i], copied: calling them may send more (and grow `sent`).
  sip::ClientCallbacks call(size_t i) const { return sent.at(i).cb; }

  // Runs the pending timer with this delay (the earliest set first); false when none.
  bool fire(std::chrono::milliseconds delay) {
    for (auto it = timers.begin(); it != timers.end(); ++it) {
      if (it->second.delay != delay) continue;
      auto fn = std::move(it->second.fn);
      timers.erase(it);
      fn();
      return true;
    }
    return false;
  }
  bool hasTimer(std::chrono::milliseconds delay) const {
    for (const auto& [id, t] : timers) {
      if (t.delay == delay) return true;
    }
    return false;
  }
  // A response to the request sent last (or sent[i]), built from it.
  static sip::Message responseTo(const sip::Message& req, int status, std::string_view reason,
                                 std::vector<std::pair<std::string, std::string>> headers = {}) {
    auto r = sip::Message::response(status, reason);
    for (const char* h : {"From", "To", "Call-ID", "CSeq"}) {
      if (auto v = req.header(h)) r.addHeader(h, *v);
    }
    for (auto& [k, v] : headers) r.addHeader(k, v);
    return r;
  }

  std::vector<Sent> sent;
  std::map<TimerId, Timer> timers;
  std::vector<std::pair<std::string, std::function<void(const Result<Addresses>&)>>> lookups;
  TimerId next_timer = 1;
};

}  // namespace hk::b2bua::test
