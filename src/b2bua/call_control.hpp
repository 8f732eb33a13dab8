#pragma once
// How routing talks to a call. The B2BUA admits a call (trunk ACL, overload, number lookup,
// lines) and hands it to a CallHandler, which drives it through CallControl: forward to a
// destination with a ring timeout, hang up / reject. The core bridges an answered attempt
// to the caller by itself. Every method and event runs on the call's event loop; a
// CallControl reference is valid until onEnded() returns.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "domain/number.hpp"

namespace hk::b2bua {

struct CallInfo {
  std::string trn_id;
  std::string dialled;  // normalised number called (with any suffix)
  domain::TrackingNumber number;
  std::string caller_masked;  // for logs only
};

// The result of one forwarding attempt that did not connect.
struct AttemptResult {
  enum class Kind { Busy, NoAnswer, Failed };
  Kind kind = Kind::Failed;
  int sip_code = 0;  // 0: ring timeout or trunk failure
  std::string reason;
};

class CallControl {
 public:
  virtual ~CallControl() = default;
  virtual const CallInfo& info() const = 0;
  // Calls `destination` (a number) through the outbound trunk; the ring timeout counts from
  // the attempt's start. One attempt at a time: ends in onAttemptFailed or a connected call.
  virtual void forward(const std::string& destination, std::chrono::seconds ring_timeout) = 0;
  // Before the answer: rejects the caller with `sip_code` (486, 480, 404...). After: BYE.
  virtual void hangUp(int sip_code) = 0;
};

class CallHandler {
 public:
  virtual ~CallHandler() = default;
  virtual void onStart(CallControl& call) = 0;
  // The number's lines are all taken. Default: busy.
  virtual void onLinesFull(CallControl& call) { call.hangUp(486); }
  virtual void onAttemptFailed(CallControl& call, const AttemptResult& r) = 0;
  virtual void onConnected(CallControl&) {}
  virtual void onEnded(CallControl&) {}
};

using HandlerFactory = std::function<std::unique_ptr<CallHandler>(const CallInfo&)>;

// The default: the number's destinations in order (up to 5), each with the number's ring
// timeout; busy, no answer and failure move to the next; when all fail the caller gets the
// last failure's code (486 busy, 480 no answer, 503 failure... as the callee sent it).
std::unique_ptr<CallHandler> makeForwardHandler(const CallInfo& info);

}  // namespace hk::b2bua
