#include "b2bua/call_control.hpp"

namespace hk::b2bua {

namespace {

constexpr size_t kMaxDestinations = 5;

class ForwardHandler final : public CallHandler {
 public:
  void onStart(CallControl& call) override { next(call, 480); }

  void onAttemptFailed(CallControl& call, const AttemptResult& r) override {
    int code = 480;
    switch (r.kind) {
      case AttemptResult::Kind::Busy: code = 486; break;
      case AttemptResult::Kind::NoAnswer: code = r.sip_code ? r.sip_code : 480; break;
      case AttemptResult::Kind::Failed:
        // 3xx is never followed and never relayed: the caller sees a failure.
        code = (r.sip_code >= 400 && r.sip_code != 487) ? r.sip_code : 503;
        break;
    }
    next(call, code);
  }

  // What the number asks for (CallInfo::recording): the conversation is recorded; a
  // recording that cannot start is logged on the call and the call goes on.
  void onConnected(CallControl& call) override {
    if (call.info().recording) (void)call.startRecording(*call.info().recording);
  }

 private:
  void next(CallControl& call, int last_code) {
    const auto& dests = call.info().number.destinations;
    size_t limit = std::min(dests.size(), kMaxDestinations);
    while (index_ < limit && dests[index_].empty()) ++index_;
    if (index_ >= limit) {
      call.hangUp(last_code);
      return;
    }
    auto timeout = std::chrono::seconds(std::max(1, call.info().number.ring_timeout_sec));
    call.forward(dests[index_++], timeout);
  }

  size_t index_ = 0;
};

}  // namespace

std::unique_ptr<CallHandler> makeForwardHandler(const CallInfo&) {
  return std::make_unique<ForwardHandler>();
}

}  // namespace hk::b2bua
