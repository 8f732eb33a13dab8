// The media side of a call: the caller's offer opens a relay session (one RTP endpoint per
// leg) and an sdp::OfferAnswer; the callee's answer sets both legs of the relay.
#include <fmt/format.h>

#include "b2bua/detail/core.hpp"
#include "base/ids.hpp"
#include "rtp/media_engine.hpp"
#include "sdp/parser.hpp"

namespace hk::b2bua {

namespace {

rtp::LegParams toLeg(const sdp::LegMedia& m, std::chrono::milliseconds timeout) {
  rtp::LegParams p;
  bool unspecified = m.remote_address.empty() || m.remote_address == "0.0.0.0" ||
                     m.remote_address == "::" || m.remote_port == 0;
  if (!unspecified) {
    p.remote = rtp::Endpoint{m.remote_address, m.remote_port};
    if (m.remote_rtcp_port) {
      p.remote_rtcp =
          rtp::Endpoint{m.remote_rtcp_address.empty() ? m.remote_address : m.remote_rtcp_address,
                        m.remote_rtcp_port};
    }
  }
  p.codec = m.codec.codec == sdp::AudioCodec::Pcma ? rtp::Codec::Pcma : rtp::Codec::Pcmu;
  p.payload_type = m.codec.payload_type;
  p.telephone_event = m.telephone_event;
  p.send = sdp::sends(m.direction) && !unspecified;
  p.on_hold = m.on_hold;
  p.media_timeout = timeout;
  return p;
}

// A leg nothing is sent to (no remote address) and no media timeout watches.
rtp::LegParams silenced(rtp::LegParams p) {
  p.remote.reset();
  p.remote_rtcp.reset();
  p.send = false;
  p.on_hold = true;
  return p;
}

}  // namespace

Status B2bua::Core::openMedia(Call& c) {
  if (c.invite.body().empty()) return fail(Code::Invalid, "INVITE without SDP offer");
  auto offer = sdp::parse(c.invite.body());
  if (!offer) return offer.error();
  rtp::SessionParams sp;
  sp.local_ip_a = media_ip;
  sp.local_ip_b = media_ip;
  sp.tag = c.info_.trn_id;
  uint64_t id = c.id();
  auto info = deps.media.createSession(
      sp, deps.loop, [this, id](const rtp::MediaEvent& ev) { onMediaEvent(id, ev); });
  if (!info) return info.error();
  c.media = info->id;
  sdp::OfferAnswerConfig cfg;
  cfg.session_id = std::stoull(randomHex(6), nullptr, 16);
  c.local_b = sdp::LocalAddress{adv_ip, info->port_b};
  c.oa.emplace(sdp::LocalAddress{adv_ip, info->port_a}, c.local_b, cfg);
  auto to_callee = c.oa->offerToCallee(*offer);
  if (!to_callee) return to_callee.error();
  c.callee_offer = *to_callee;
  watchFax(c);  // recording.cpp
  return ok();
}

bool B2bua::Core::takeCalleeAnswer(Call& c, std::string_view body, bool final) {
  if (!c.oa) return false;
  if (body.empty()) return c.oa->answered();  // 200 after a 183 with SDP
  auto answer = sdp::parse(body);
  if (!answer) return false;
  auto to_caller = c.oa->answerToCaller(*answer);
  if (!to_caller) return false;
  // A caller that has our answer already (answer.cpp) keeps it: the 200 repeats the 183.
  if (!c.cm.stand_in) c.a_answer_sdp = sdp::serialize(*to_caller);
  c.cm.stand_in = false;
  applyPlan(c, final);
  return true;
}

void B2bua::Core::applyPlan(Call& c, bool connected) {
  if (!c.media || !c.oa || !c.oa->answered()) return;
  auto timeout = connected ? opts.media_timeout : std::chrono::milliseconds(0);
  const auto& plan = c.oa->plan();
  if (auto st = deps.media.updateLeg(c.media, rtp::LegSide::A, toLeg(plan.a, timeout)); !st) {
    HK_LOG_WARN(lg, "call {}: media leg A: {}", c.info_.trn_id, st.error().message);
  }
  auto b = toLeg(plan.b, timeout);
  if (c.cm.stand_in) b = silenced(b);  // no destination yet: nothing goes to leg B
  if (auto st = deps.media.updateLeg(c.media, rtp::LegSide::B, b); !st) {
    HK_LOG_WARN(lg, "call {}: media leg B: {}", c.info_.trn_id, st.error().message);
  }
}

void B2bua::Core::silenceCallerLeg(Call& c) {
  if (!c.media || !c.oa || !c.oa->answered()) return;
  auto a = silenced(toLeg(c.oa->plan().a, std::chrono::milliseconds(0)));
  if (auto st = deps.media.updateLeg(c.media, rtp::LegSide::A, a); !st) {
    HK_LOG_WARN(lg, "call {}: media leg A: {}", c.info_.trn_id, st.error().message);
  }
}

void B2bua::Core::closeMedia(Call& c) {
  if (!c.media) return;
  deps.media.destroySession(c.media, [this](const rtp::SessionStats& st) {
    rtp_in_a->inc(st.a.packets_in);
    rtp_in_b->inc(st.b.packets_in);
    publish();
  });
  c.media = {};
}

void B2bua::Core::onMediaEvent(uint64_t id, const rtp::MediaEvent& ev) {
  if (ev.type == rtp::MediaEvent::Type::MediaTimeout) {
    return systemHangup(id, calllog::SystemReason::MediaTimeout);
  }
  if (Call* c = find(id); c && c->phase != Call::Phase::Ended) onMediaHook(*c, ev);
}

}  // namespace hk::b2bua
