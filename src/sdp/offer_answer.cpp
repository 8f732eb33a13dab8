#include "sdp/offer_answer.hpp"

#include <utility>

#include "sdp/parser.hpp"

namespace hk::sdp {
namespace {

constexpr const char* kDefaultEvents = "0-16";

Leg other(Leg l) { return l == Leg::A ? Leg::B : Leg::A; }

AudioCodec otherCodec(AudioCodec c) {
  return c == AudioCodec::Pcmu ? AudioCodec::Pcma : AudioCodec::Pcmu;
}

AddrType addrTypeOf(const std::string& address) {
  return address.find(':') == std::string::npos ? AddrType::Ip4 : AddrType::Ip6;
}

// The codecs Hankyo offers: `first` with its payload type, then the other G.711 codec with
// its static payload type unless that number is taken.
std::vector<CodecChoice> offerCodecs(CodecChoice first) {
  std::vector<CodecChoice> out{first};
  AudioCodec second = otherCodec(first.codec);
  if (staticPayloadType(second) != first.payload_type) {
    out.push_back({second, staticPayloadType(second)});
  }
  return out;
}

// The first codec of an answer that was in our offer.
std::optional<CodecChoice> pickAnswered(const AudioInfo& answer,
                                        const std::vector<CodecChoice>& offered) {
  for (const auto& c : answer.codecs) {
    for (const auto& o : offered) {
      if (o.codec == c.codec) return c;
    }
  }
  return std::nullopt;
}

Unexpected<Error> withContext(const Error& e, const char* what) {
  return fail(e.code, std::string(what) + ": " + e.message, e.field);
}

}  // namespace

OfferAnswer::OfferAnswer(LocalAddress a, LocalAddress b, OfferAnswerConfig cfg)
    : cfg_(std::move(cfg)) {
  a_.local = std::move(a);
  b_.local = std::move(b);
}

Media OfferAnswer::audioLine(const LegState& st, const std::vector<CodecChoice>& codecs,
                             std::optional<uint8_t> te, const std::optional<std::string>& te_fmtp,
                             std::optional<uint32_t> ptime, Direction dir,
                             const std::string& proto) const {
  Media m;
  m.type = "audio";
  m.port = st.local.port;
  m.proto = proto;
  for (const auto& c : codecs) {
    m.formats.push_back(std::to_string(c.payload_type));
    m.rtpmaps.push_back({c.payload_type, codecName(c.codec), 8000, {}});
  }
  if (te) {
    m.formats.push_back(std::to_string(*te));
    m.rtpmaps.push_back({*te, "telephone-event", 8000, {}});
    m.fmtps.push_back({std::to_string(*te), te_fmtp.value_or(kDefaultEvents)});
  }
  m.ptime = ptime.value_or(cfg_.ptime);
  m.direction = dir;
  return m;
}

Session OfferAnswer::finish(LegState& st, Media audio, Direction dir) {
  Session s;
  s.origin.username = cfg_.username;
  // Each leg is its own session (RFC 4566 §5.2: o= identifies one session): B's id is A's + 1.
  s.origin.session_id = std::to_string(&st == &b_ ? cfg_.session_id + 1 : cfg_.session_id);
  s.origin.addr_type = addrTypeOf(st.local.address);
  s.origin.address = st.local.address;
  s.name = cfg_.session_name;
  s.connection = Connection{addrTypeOf(st.local.address), st.local.address, {}};
  s.timings.push_back({});
  if (st.audio_index >= st.skeleton.size()) st.skeleton.resize(st.audio_index + 1);
  st.skeleton[st.audio_index] = std::move(audio);
  s.media = st.skeleton;
  // RFC 3264 §8: the version goes up exactly when the description changes.
  std::string body = serialize(s);
  if (!st.last_body.empty() && body != st.last_body) ++st.version;
  st.last_body = std::move(body);
  s.origin.session_version = st.version;
  st.written = dir;
  return s;
}

std::vector<Media> OfferAnswer::answerSkeleton(const Session& offer, size_t audio_index) const {
  std::vector<Media> out;
  for (size_t i = 0; i < offer.media.size(); ++i) {
    Media m;
    if (i != audio_index) {  // refused: port 0, formats as offered (RFC 3264 §6)
      m.type = offer.media[i].type;
      m.proto = offer.media[i].proto;
      m.formats = offer.media[i].formats;
    }
    out.push_back(std::move(m));
  }
  return out;
}

Session OfferAnswer::buildCalleeOffer() {
  const AudioInfo& caller = *a_.remote;
  AudioCodec first = answered_ ? plan_.a.codec.codec : caller.codecs.front().codec;
  auto codecs = offerCodecs({first, staticPayloadType(first)});
  uint8_t te = cfg_.telephone_event_pt;
  if (caller.telephone_event && *caller.telephone_event >= 96) te = *caller.telephone_event;
  b_.skeleton.clear();
  b_.audio_index = 0;
  b_.offered = a_.intent;
  b_.offered_codecs = codecs;
  return finish(b_, audioLine(b_, codecs, te, caller.telephone_event_fmtp, caller.ptime, a_.intent),
                a_.intent);
}

Result<Session> OfferAnswer::offerToCallee(const Session& caller_offer) {
  auto info = findAudio(caller_offer);
  if (!info) return withContext(info.error(), "caller offer");
  a_.remote = std::move(*info);
  a_.intent = a_.remote->direction;
  caller_offer_ = caller_offer;
  return buildCalleeOffer();
}

Result<Session> OfferAnswer::offerToNewCallee(LocalAddress b) {
  if (!caller_offer_) return fail(Code::Conflict, "no caller offer yet");
  b_ = LegState{};
  b_.local = std::move(b);
  return buildCalleeOffer();
}

Status OfferAnswer::takeAnswer(LegState& st, const AudioInfo& answer) {
  auto codec = pickAnswered(answer, st.offered_codecs);
  if (!codec) return fail(Code::Invalid, "answer has none of the offered codecs");
  Leg l = &st == &a_ ? Leg::A : Leg::B;
  st.remote = answer;
  st.stance = intersect(st.offered, reverse(answer.direction));
  media(l).codec = *codec;
  media(l).telephone_event = answer.telephone_event;
  updatePlan(l);
  return ok();
}

Result<Session> OfferAnswer::answerToCaller(const Session& callee_answer) {
  if (!caller_offer_) return fail(Code::Conflict, "no caller offer yet");
  auto info = findAudio(callee_answer);
  if (!info) return withContext(info.error(), "callee answer");
  if (Status st = takeAnswer(b_, *info); !st) return withContext(st.error(), "callee answer");
  const AudioInfo& caller = *a_.remote;
  if (!answered_) {
    plan_.a.codec = caller.codecs.front();
    for (const auto& c : caller.codecs) {
      if (c.codec == plan_.b.codec.codec) {
        plan_.a.codec = c;  // same codec both sides: relay without transcoding
        break;
      }
    }
    plan_.a.telephone_event = caller.telephone_event;
  }
  // Mirror the callee's direction to the caller, within what the caller offered.
  Direction dir = intersect(reverse(a_.intent), info->direction);
  a_.stance = dir;
  a_.skeleton = answerSkeleton(*caller_offer_, caller.media_index);
  a_.audio_index = caller.media_index;
  Media audio = audioLine(a_, {plan_.a.codec}, caller.telephone_event, caller.telephone_event_fmtp,
                          info->ptime ? info->ptime : caller.ptime, dir, caller.proto);
  answered_ = true;
  updatePlan(Leg::A);
  return finish(a_, std::move(audio), dir);
}

Result<OfferAnswer::Reoffer> OfferAnswer::answerReoffer(Leg from, const Session& offer) {
  if (!answered_) return fail(Code::Conflict, "re-offer before the first answer");
  auto info = findAudio(offer);
  if (!info) return withContext(info.error(), "re-offer");
  LegState& x = leg(from);
  LegState& y = leg(other(from));
  LegMedia& xm = media(from);
  CodecChoice codec = info->codecs.front();
  for (const auto& c : info->codecs) {
    if (c.codec == xm.codec.codec) {  // keep the codec in use when it is still offered
      codec = c;
      break;
    }
  }
  x.remote = *info;
  x.intent = info->direction;
  x.stance = intersect(reverse(info->direction), y.intent);
  xm.codec = codec;
  xm.telephone_event = info->telephone_event;
  x.skeleton = answerSkeleton(offer, info->media_index);
  x.audio_index = info->media_index;
  std::optional<uint32_t> ptime = y.remote ? y.remote->ptime : std::nullopt;
  Media audio = audioLine(x, {codec}, info->telephone_event, info->telephone_event_fmtp, ptime,
                          x.stance, info->proto);
  updatePlan(from);
  Reoffer out{finish(x, std::move(audio), x.stance), std::nullopt};
  if (info->direction != y.written) out.offer_to_other = offerTo(other(from), info->direction);
  return out;
}

Session OfferAnswer::offerTo(Leg to, Direction dir) {
  LegState& y = leg(to);
  const LegMedia& ym = media(to);
  auto codecs = offerCodecs(ym.codec);
  y.offered = dir;
  y.offered_codecs = codecs;
  std::optional<uint8_t> te = ym.telephone_event;
  std::optional<uint32_t> ptime =
      leg(other(to)).remote ? leg(other(to)).remote->ptime : std::nullopt;
  return finish(y, audioLine(y, codecs, te, std::nullopt, ptime, dir), dir);
}

Session OfferAnswer::localOffer(Leg to) { return offerTo(to, leg(other(to)).intent); }

Status OfferAnswer::applyAnswer(Leg from, const Session& answer) {
  auto info = findAudio(answer);
  if (!info) return withContext(info.error(), "answer");
  return takeAnswer(leg(from), *info);
}

void OfferAnswer::updatePlan(Leg l) {
  const LegState& st = leg(l);
  LegMedia& m = media(l);
  const AudioInfo& r = *st.remote;
  m.remote_address = r.unspecified_address ? std::string() : r.address;
  m.remote_port = r.port;
  m.remote_rtcp_address = r.unspecified_address ? std::string() : r.rtcp_address;
  m.remote_rtcp_port = r.rtcp_port;
  m.ptime = r.ptime.value_or(cfg_.ptime);
  m.direction = st.stance;
  m.on_hold = st.stance != Direction::SendRecv || r.unspecified_address;
}

}  // namespace hk::sdp
