#include "sip/transaction_2xx.hpp"

#include <algorithm>
#include <string>

namespace hk::sip {

Retransmitter::Retransmitter(EventLoop& loop, const TimerConfig& timers,
                             std::function<void()> resend, std::function<void()> on_timeout)
    : loop_(loop),
      timers_(timers),
      resend_(std::move(resend)),
      on_timeout_(std::move(on_timeout)) {}

Retransmitter::~Retransmitter() { stop(); }

void Retransmitter::start() {
  stop();
  active_ = true;
  interval_ = timers_.t1;
  retx_ = loop_.runAfter(interval_, [this] { fire(); });
  deadline_ = loop_.runAfter(64 * timers_.t1, [this] { timeout(); });
}

void Retransmitter::stop() {
  if (retx_) loop_.cancelTimer(retx_);
  if (deadline_) loop_.cancelTimer(deadline_);
  retx_ = 0;
  deadline_ = 0;
  active_ = false;
}

void Retransmitter::fire() {
  retx_ = 0;
  if (!active_) return;
  ++resent_;
  interval_ = std::min(interval_ * 2, timers_.t2);
  retx_ = loop_.runAfter(interval_, [this] { fire(); });
  if (resend_) resend_();  // last: it may stop() or destroy us
}

void Retransmitter::timeout() {
  deadline_ = 0;
  stop();
  if (on_timeout_) on_timeout_();
}

Message makeAckFor2xx(const Message& invite, const Message& response,
                      std::string_view request_uri) {
  std::string uri(request_uri);
  if (uri.empty()) {
    auto contacts = response.contacts();
    if (contacts && !contacts->contacts.empty()) {
      uri = contacts->contacts.front().uri.toString();
    } else {
      uri = std::string(invite.requestUriText());
    }
  }
  Message ack = Message::request("ACK", uri);
  for (const Header& h : invite.headers()) {
    if (h.id == HeaderId::Route) ack.addHeader("Route", h.value);
  }
  ack.addHeader("Max-Forwards", "70");
  if (auto from = invite.header(HeaderId::From)) ack.addHeader("From", *from);
  if (auto to = response.header(HeaderId::To)) ack.addHeader("To", *to);
  if (auto call_id = invite.header(HeaderId::CallId)) ack.addHeader("Call-ID", *call_id);
  auto cseq = invite.cseq();
  ack.addHeader("CSeq", std::to_string(cseq ? cseq->num : 0) + " ACK");
  ack.setBody({});
  return ack;
}

}  // namespace hk::sip
