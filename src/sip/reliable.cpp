#include "sip/reliable.hpp"

#include <algorithm>

#include "sip/text.hpp"

namespace hk::sip {

namespace {

bool listHas(const Message& m, HeaderId id, std::string_view tag) {
  auto tags = m.tokens(id);
  if (!tags) return false;
  return std::any_of(tags->begin(), tags->end(), [&](std::string_view t) { return t == tag; });
}

}  // namespace

bool supports100rel(const Message& request) {
  return listHas(request, HeaderId::Supported, k100rel) || requires100rel(request);
}

bool requires100rel(const Message& request) { return listHas(request, HeaderId::Require, k100rel); }

std::vector<std::string> unsupportedOptions(const Message& request,
                                            const std::vector<std::string_view>& supported) {
  std::vector<std::string> out;
  if (request.headerCount(HeaderId::Require) == 0) return out;
  auto tags = request.require();
  if (!tags) {
    out.emplace_back(trim(request.header(HeaderId::Require).value_or("")));
    return out;
  }
  for (auto t : *tags) {
    bool known = std::find(supported.begin(), supported.end(), t) != supported.end();
    bool listed = std::find(out.begin(), out.end(), t) != out.end();
    if (!known && !listed) out.emplace_back(t);
  }
  return out;
}

std::optional<uint32_t> reliableRSeq(const Message& response) {
  if (!response.isResponse() || response.status() <= 100 || response.status() >= 200) {
    return std::nullopt;
  }
  if (!listHas(response, HeaderId::Require, k100rel)) return std::nullopt;
  auto rseq = response.rseq();
  if (!rseq) return std::nullopt;
  return *rseq;
}

std::string rackValue(uint32_t rseq, const CSeq& invite_cseq) {
  return std::to_string(rseq) + " " + invite_cseq.toString();
}

// ---- ReliableProvisionals

ReliableProvisionals::ReliableProvisionals(uint32_t first_rseq) {
  // Leave room to count up (RFC 3262 §3 asks for less than 2**31 - 1): 1..2**30.
  next_rseq_ = first_rseq % (1u << 30) + 1;
}

ReliableProvisionals::Push ReliableProvisionals::push(Message response) {
  if (response.status() == last_status_ && response.body() == last_body_) return Push::Duplicate;
  if (in_flight_ && waiting_.size() >= kMaxWaiting) return Push::Full;
  last_status_ = response.status();
  last_body_ = std::string(response.body());
  uint32_t rseq = next_rseq_;
  next_rseq_ = next_rseq_ >= kMaxSeq ? 1 : next_rseq_ + 1;
  response.removeHeader("Require");
  response.removeHeader("RSeq");
  response.addHeader("Require", std::string(k100rel));
  response.addHeader("RSeq", std::to_string(rseq));
  if (in_flight_) {
    waiting_.emplace_back(rseq, std::move(response));
    return Push::Waiting;
  }
  in_flight_ = std::move(response);
  in_flight_rseq_ = rseq;
  return Push::SendNow;
}

bool ReliableProvisionals::acknowledge(const RAck& rack, uint32_t invite_cseq) {
  if (!in_flight_ || rack.rseq != in_flight_rseq_ || rack.cseq != invite_cseq ||
      rack.method != "INVITE") {
    return false;
  }
  in_flight_.reset();
  in_flight_rseq_ = 0;
  if (!waiting_.empty()) {
    in_flight_rseq_ = waiting_.front().first;
    in_flight_ = std::move(waiting_.front().second);
    waiting_.pop_front();
  }
  return true;
}

void ReliableProvisionals::clear() {
  in_flight_.reset();
  in_flight_rseq_ = 0;
  waiting_.clear();
}

std::chrono::milliseconds reliableResendInterval(std::chrono::milliseconds t1, size_t sent) {
  size_t shift = std::min<size_t>(sent == 0 ? 0 : sent - 1, 6);  // 64*T1 is the give-up
  return t1 * (int64_t{1} << shift);
}

// ---- PrackTracker

PrackTracker::Verdict PrackTracker::onReliable(uint32_t rseq) {
  if (!last_ || rseq == *last_ + 1) {
    last_ = rseq;
    return Verdict::New;
  }
  return rseq <= *last_ ? Verdict::Retransmission : Verdict::OutOfOrder;
}

// ---- Glare

std::chrono::milliseconds glareBackoff(bool call_id_owner, uint32_t random,
                                       std::chrono::milliseconds t1) {
  // 10 ms at T1 = 500 ms, in microseconds so that a short T1 still gives a spread.
  int64_t unit_us = std::max<int64_t>(t1.count(), 1) * 20;
  int64_t units = call_id_owner ? 210 + random % 191 : random % 201;
  return std::chrono::milliseconds(units * unit_us / 1000);
}

}  // namespace hk::sip
