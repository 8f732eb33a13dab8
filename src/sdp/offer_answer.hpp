#pragma once
// RFC 3264 offer/answer for the two legs of a bridged call. Each leg is its own SDP
// session: Hankyo's address and port for that leg, its own o= line (version incremented
// only when the SDP changes) and its own codec; PCMU and PCMA are both offered so a
// caller with one and a callee with the other are bridged by transcoding. Re-offers are
// answered per leg; a change of direction (hold/resume) is mirrored to the other leg as a
// new offer. Anything that is not audio (video, T.38 image...) is refused with port 0.
//
// Typical use by the B2BUA:
//   OfferAnswer oa(local_a, local_b, cfg);
//   auto offer = oa.offerToCallee(caller_offer);    // error -> 488 to the caller
//   ...B answers...
//   auto answer = oa.answerToCaller(callee_answer); // error -> give up on that callee
//   relay.update(oa.plan());
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "sdp/media_info.hpp"
#include "sdp/session.hpp"

namespace hk::sdp {

enum class Leg { A, B };  // A: the caller, who offered first; B: the callee Hankyo called

struct LocalAddress {  // Hankyo's RTP address on one leg
  std::string address;
  uint16_t port = 0;
};

// What the media relay needs for one leg, as negotiated.
struct LegMedia {
  CodecChoice codec;                       // codec and the payload type this leg uses for it
  std::optional<uint8_t> telephone_event;  // RFC 4733 payload type on this leg, if agreed
  std::string remote_address;              // where Hankyo sends RTP
  uint16_t remote_port = 0;
  std::string remote_rtcp_address;
  uint16_t remote_rtcp_port = 0;
  uint32_t ptime = 20;
  Direction direction = Direction::SendRecv;  // Hankyo's side: sends() = Hankyo sends to it
  bool on_hold = false;  // not sendrecv, or c=0.0.0.0: no media timeout on this leg
};

struct MediaPlan {
  LegMedia a;
  LegMedia b;
  bool transcode() const { return a.codec.codec != b.codec.codec; }
};

struct OfferAnswerConfig {
  std::string username = "hankyo";      // o= username
  std::string session_name = "hankyo";  // s=
  uint64_t session_id = 1;              // o= session id (pick one at random per call)
  uint8_t telephone_event_pt = 101;     // offered to the callee unless the caller's is dynamic
  uint32_t ptime = 20;
};

class OfferAnswer {
 public:
  OfferAnswer(LocalAddress a, LocalAddress b, OfferAnswerConfig cfg = {});

  // 1. The caller's offer -> the offer to send to the callee. Code::Invalid when the offer
  // has no usable audio (no G.711, RTP/SAVP only, T.38 only...): answer 488.
  Result<Session> offerToCallee(const Session& caller_offer);
  // The same for another callee (sequential forwarding) after the previous one failed.
  Result<Session> offerToNewCallee(LocalAddress b);
  // 2. The callee's answer -> the answer to the caller; plan() becomes valid. May be called
  // again (200 after 183): the codec answered to the caller is kept.
  Result<Session> answerToCaller(const Session& callee_answer);

  // 3. A new offer from one leg (re-INVITE, UPDATE): the answer to that leg and, when the
  // direction toward the other leg changes (hold/resume), the offer to send to it. Errors
  // leave the state as it was (answer 488; the call goes on).
  struct Reoffer {
    Session answer;
    std::optional<Session> offer_to_other;
  };
  Result<Reoffer> answerReoffer(Leg from, const Session& offer);
  // 4. A leg's answer to offer_to_other or to localOffer().
  Status applyAnswer(Leg from, const Session& answer);
  // An offer for a leg that sent a re-INVITE without SDP: the current state (same o=
  // version when nothing changed).
  Session localOffer(Leg to);

  bool answered() const { return answered_; }
  const MediaPlan& plan() const { return plan_; }

 private:
  struct LegState {
    LocalAddress local;
    uint64_t version = 1;
    std::string last_body;        // our last SDP with the version blanked
    std::vector<Media> skeleton;  // m= lines of our last SDP (RFC 3264 §8: never fewer)
    size_t audio_index = 0;
    std::optional<AudioInfo> remote;          // the leg's latest SDP
    Direction intent = Direction::SendRecv;   // what the leg asked for in its last offer
    Direction written = Direction::SendRecv;  // our direction attribute in our last SDP
    Direction offered = Direction::SendRecv;  // direction of our outstanding offer
    Direction stance = Direction::SendRecv;   // negotiated, Hankyo's side
    std::vector<CodecChoice> offered_codecs;  // codecs of our outstanding offer
  };

  LegState& leg(Leg l) { return l == Leg::A ? a_ : b_; }
  LegMedia& media(Leg l) { return l == Leg::A ? plan_.a : plan_.b; }
  Session finish(LegState& st, Media audio, Direction dir);
  Session offerTo(Leg to, Direction dir);
  Media audioLine(const LegState& st, const std::vector<CodecChoice>& codecs,
                  std::optional<uint8_t> te, const std::optional<std::string>& te_fmtp,
                  std::optional<uint32_t> ptime, Direction dir,
                  const std::string& proto = "RTP/AVP") const;
  std::vector<Media> answerSkeleton(const Session& offer, size_t audio_index) const;
  Session buildCalleeOffer();
  Status takeAnswer(LegState& st, const AudioInfo& answer);
  void updatePlan(Leg l);

  OfferAnswerConfig cfg_;
  LegState a_;
  LegState b_;
  std::optional<Session> caller_offer_;
  bool answered_ = false;
  MediaPlan plan_;
};

}  // namespace hk::sdp
