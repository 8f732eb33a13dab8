#pragma once
// REGISTER toward one outbound trunk (RFC 3261 §10): sent at start, the 401/407 challenge
// answered, refreshed at half the time the registrar granted, retried with back-off after a
// failure, removed (Expires: 0) at shutdown. One Call-ID and From tag for the registration's
// life, the CSeq counting up. Runs on the loop through a TrunkIo.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "b2bua/trunk_io.hpp"
#include "b2bua/trunks.hpp"
#include "base/log.hpp"
#include "base/metrics.hpp"
#include "sip/digest.hpp"

namespace hk::b2bua {

// When to refresh a binding granted for `granted_sec`: half of it, at least 1 s.
std::chrono::milliseconds registerRefreshDelay(int granted_sec);
// When to try again after `failures` failures in a row: 10 s doubling up to 5 min.
std::chrono::seconds registerRetryDelay(int failures);
// The time a 2xx to REGISTER grants our binding: the expires parameter of the Contact that
// is ours (`contact_uri`), else the Expires header, else what we asked.
int grantedExpires(const sip::Message& ok, std::string_view contact_uri, int asked);

class Registration {
 public:
  enum class State { Idle, Registering, Registered, Failed, Unregistering, Stopped };

  // `target` says where the trunk is now (its address may change with DNS). `registered`
  // (optional) is set to 1 while the binding is in place.
  Registration(TrunkIo& io, const Trunk& trunk, std::function<sip::Target()> target,
               metrics::Gauge* registered = nullptr);
  ~Registration();  // cancels its timers; responses still on their way are ignored
  Registration(const Registration&) = delete;
  Registration& operator=(const Registration&) = delete;

  void start();
  // Removes the binding (REGISTER with Expires: 0) when there is one; `done` runs once
  // that is answered or has failed, or at once when there is nothing to remove.
  void stop(std::function<void()> done);

  State state() const { return state_; }
  int grantedSec() const { return granted_; }
  int failures() const { return failures_; }

 private:
  void send();
  void onResponse(uint64_t gen, const sip::Message& r);
  void onFailure(uint64_t gen, const hk::Error& e);
  void failed(const std::string& why);
  void finishStop();
  void setTimer(std::chrono::milliseconds d, void (Registration::*fn)());
  void refresh();

  TrunkIo& io_;
  const Trunk& trunk_;
  std::function<sip::Target()> target_;
  metrics::Gauge* gauge_;
  std::shared_ptr<spdlog::logger> lg_ = log::get("trunk");
  std::shared_ptr<Registration*> self_;  // callbacks hold a weak_ptr: dropped once we are gone

  State state_ = State::Idle;
  sip::DigestClient auth_;
  std::string call_id_, tag_, aor_, contact_, contact_uri_;
  uint32_t cseq_ = 0;
  uint64_t gen_ = 0;  // which REGISTER the responses are for
  int asked_ = 3600;  // Expires of the next REGISTER
  int granted_ = 0;
  int failures_ = 0;
  int challenges_ = 0;  // answered for the current REGISTER
  TimerId timer_ = 0;
  std::function<void()> stop_done_;
};

}  // namespace hk::b2bua
