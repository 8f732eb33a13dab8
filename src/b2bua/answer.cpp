// CallControl::answer: the caller answered by Hankyo itself (200 now, or 183 with SDP for
// early media) before any destination, so that prompts, digits and voicemail reach it. Our
// SDP answer then comes from the caller's offer alone: the relay's leg B stays without a
// remote (nothing is sent there) until a destination answers; the answer to the caller is
// kept as it was sent (a later 200 repeats it, RFC 3262 / RFC 3264).
#include <fmt/format.h>

#include "b2bua/detail/core.hpp"
#include "sdp/media_info.hpp"
#include "sdp/parser.hpp"
#include "sip/response.hpp"

namespace hk::b2bua {

namespace {

const char* rtpmapName(sdp::AudioCodec c) { return c == sdp::AudioCodec::Pcma ? "PCMA" : "PCMU"; }

}  // namespace

// A stand-in for a callee's answer to our callee offer (its first codec, sendrecv), so that
// OfferAnswer answers the caller. Its address (TEST-NET-1) is never used: applyPlan keeps
// leg B without a remote while the stand-in holds (CallMedia::stand_in).
Status B2bua::Core::localAnswer(Call& c, bool answered) {
  if (!c.oa || !c.callee_offer) return fail(Code::Unavailable, "no media session");
  if (c.oa->answered()) return ok();  // early media from a destination: its answer holds
  auto offer = sdp::findAudio(*c.callee_offer);
  if (!offer) return offer.error();
  if (offer->codecs.empty()) return fail(Code::Invalid, "no codec in the offer");
  const auto& codec = offer->codecs.front();
  std::string fmts = std::to_string(codec.payload_type);
  std::string attrs =
      fmt::format("a=rtpmap:{} {}/8000\r\n", codec.payload_type, rtpmapName(codec.codec));
  if (offer->telephone_event) {
    fmts += " " + std::to_string(*offer->telephone_event);
    attrs += fmt::format("a=rtpmap:{} telephone-event/8000\r\na=fmtp:{} 0-15\r\n",
                         *offer->telephone_event, *offer->telephone_event);
  }
  std::string body = fmt::format(
      "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
      "m=audio 9 RTP/AVP {}\r\n{}a=sendrecv\r\n",
      fmts, attrs);
  auto stand_in = sdp::parse(body);
  if (!stand_in) return stand_in.error();
  auto to_caller = c.oa->answerToCaller(*stand_in);
  if (!to_caller) return to_caller.error();
  c.a_answer_sdp = sdp::serialize(*to_caller);
  c.cm.stand_in = true;
  applyPlan(c, answered);  // a caller in early media need not send RTP yet
  return ok();
}

Status Call::answer(AnswerMode mode) {
  if (phase == Phase::Ended) return fail(Code::Conflict, "the call has ended");
  if (mode == AnswerMode::OnConnect) {
    return a_final_sent ? fail(Code::Conflict, "the caller is answered already") : ok();
  }
  if (a_final_sent) return fail(Code::Conflict, "the caller is answered already");
  if (auto st = core_.localAnswer(*this, mode == AnswerMode::Now); !st) return st;
  if (mode == AnswerMode::EarlyMedia) {
    if (cm.early) return ok();
    auto r = sip::makeResponse(invite, 183, {}, a_tag);
    r.setHeader("Contact", core_.contact(a_peer.transport));
    r.setBody(a_answer_sdp, "application/sdp");
    core_.sendProvisionalToCaller(*this, std::move(r));  // reliably when the caller can
    cm.early = true;
    HK_LOG_INFO(core_.lg, "call {}: early media to the caller", info_.trn_id);
    return ok();
  }
  if (a_rel.queue && !a_rel.queue->idle()) {
    return fail(Code::Conflict, "a reliable provisional waits for its PRACK");
  }
  cm.answered_by_us = true;
  core_.applyPlan(*this, true);  // answered now: the caller's media is watched
  core_.answerCaller(*this);
  HK_LOG_INFO(core_.lg, "call {}: answered by Hankyo", info_.trn_id);
  return ok();
}

}  // namespace hk::b2bua
