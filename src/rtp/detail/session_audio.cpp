// The audio hooks of a session: sinks hearing a leg, a source or digits played to a leg on
// the thread's 20 ms pace, numbered as one more source of the leg's OutboundStream.
#include <sys/socket.h>

#include <algorithm>
#include <array>

#include "base/log.hpp"
#include "rtp/detail/media_thread.hpp"
#include "rtp/detail/session.hpp"
#include "rtp/packet.hpp"

namespace hk::rtp::detail {

void logHookFailure(const char* what, std::string_view tag, const char* why) {
  static const auto lg = hk::log::get("rtp");
  HK_LOG_ERROR(lg, "trn={} audio {} threw ({}): taken off the session", tag, what, why);
}

LegAudio& Session::audio(int side) {
  auto& a = legs_[side].audio;
  if (!a) a = std::make_unique<LegAudio>();
  return *a;
}

void Session::needPace() {
  if (pacing_ || closed_) return;
  pacing_ = true;
  thread_.startPacing(shared_from_this());
}

void Session::detachSink(const std::shared_ptr<AudioSink>& sink) {
  for (const Leg& l : legs_) {
    if (!l.audio) continue;
    for (const auto& s : l.audio->sinks) {
      if (s.sink == sink) return;  // still hears the other leg
    }
  }
  callHook("sink", tag_, [&] { sink->onDetach(); });
}

void Session::detachAll() {
  std::vector<std::shared_ptr<AudioSink>> all;
  for (Leg& l : legs_) {
    if (!l.audio) continue;
    for (auto& s : l.audio->sinks) {
      if (std::find(all.begin(), all.end(), s.sink) == all.end()) all.push_back(s.sink);
    }
    l.audio.reset();  // sources and digits go without a word: the session ended
  }
  for (const auto& s : all) callHook("sink", tag_, [&] { s->onDetach(); });
}

void Session::addSink(LegSide from, HookId id, std::shared_ptr<AudioSink> sink, bool only) {
  LegAudio& a = audio(static_cast<int>(from));
  std::vector<LegAudio::Sink> old;
  if (only) old.swap(a.sinks);
  if (sink) a.sinks.push_back({id, std::move(sink)});
  for (const auto& o : old) detachSink(o.sink);
}

void Session::removeSink(HookId id) {
  for (Leg& l : legs_) {
    if (!l.audio) continue;
    auto& sinks = l.audio->sinks;
    auto it = std::find_if(sinks.begin(), sinks.end(), [id](const auto& s) { return s.id == id; });
    if (it == sinks.end()) continue;
    auto sink = std::move(it->sink);
    sinks.erase(it);
    detachSink(sink);
    return;
  }
}

void Session::setSource(LegSide to, HookId id, std::shared_ptr<AudioSource> source,
                        SourceMode mode) {
  int side = static_cast<int>(to);
  LegAudio& a = audio(side);
  if (!a.paced()) legs_[side].out.resync();
  a.feed.reset();
  a.mix.clear();
  a.marker_next = true;
  if (!source) return;  // the relay from the other leg resumes
  a.feed = LegAudio::Feed{id, std::move(source), mode};
  needPace();
}

void Session::sendDigit(LegSide to, uint8_t event, uint16_t duration) {
  int side = static_cast<int>(to);
  if (!legs_[side].format.telephone_event) {
    static const auto lg = hk::log::get("rtp");
    HK_LOG_WARN(lg, "trn={} digit not sent: leg {} has no telephone-event", tag_, side ? 'B' : 'A');
    return;
  }
  LegAudio& a = audio(side);
  if (!a.paced()) legs_[side].out.resync();
  a.digits.queue(event, duration);
  needPace();
}

bool Session::pace(MonoTime first, int frames, int skipped) {
  bool any = false;
  for (int side = 0; side < 2 && !closed_; ++side) {
    LegAudio* a = legs_[side].audio.get();
    if (!a || !a->paced()) continue;
    a->local_ts += static_cast<uint32_t>(skipped) * kFrameSamples;
    for (int k = 0; k < frames && a->paced(); ++k) tickLeg(side, first + k * MediaThread::kFrame);
    any = any || a->paced();
  }
  pacing_ = any && !closed_;
  return pacing_;
}

void Session::tickLeg(int side, MonoTime at) {
  Leg& l = legs_[side];
  LegAudio& a = *l.audio;
  bool can_send = l.params.send && l.remote.has_value();
  if (auto p = a.digits.tick()) {
    if (p->first) {
      a.event_ts = a.local_ts;
      a.event_time = at;
    }
    if (can_send && l.format.telephone_event) {
      sendLocal(l, *l.format.telephone_event, p->payload, a.event_ts, p->first, a.event_time);
    }
    a.local_ts += kFrameSamples;
    a.marker_next = true;  // the audio after an event starts a talkspurt
    return;
  }
  if (!a.feed) {  // pausing between digits
    a.local_ts += kFrameSamples;
    return;
  }
  std::array<int16_t, kFrameSamples> frame{};
  bool more = false;
  LegAudio::Feed& feed = *a.feed;
  callHook("source", tag_, [&] { more = feed.source->fill(frame); });
  if (!more) {
    HookId id = feed.id;
    a.feed.reset();
    a.mix.clear();
    a.marker_next = true;
    event(side, MediaEvent::Type::SourceDone, 0, id);
    return;
  }
  if (feed.mode == SourceMode::Mix) {
    std::array<int16_t, kFrameSamples> other{};
    a.mix.pop(other);  // an underrun leaves silence at the end
    mixSaturating(frame, other);
  }
  if (can_send) {
    std::array<uint8_t, kFrameSamples> payload;
    encodePcm(l.format.codec, frame, payload.data());
    sendLocal(l, l.format.payload_type, payload, a.local_ts, a.marker_next, at);
    a.marker_next = false;
  }
  a.local_ts += kFrameSamples;
}

void Session::sendLocal(Leg& to, uint8_t payload_type, std::span<const uint8_t> payload,
                        uint32_t ts, bool marker, MonoTime media_time) {
  auto stamp = to.out.mapLocal(to.audio->local_seq++, ts, marker, media_time);
  RtpHeader h;
  h.marker = stamp.marker;
  h.payload_type = payload_type;
  h.sequence = stamp.sequence;
  h.timestamp = stamp.timestamp;
  h.ssrc = to.out.ssrc();
  std::array<uint8_t, kRtpHeaderSize + kFrameSamples> buf;
  size_t size = kRtpHeaderSize + std::min(payload.size(), kFrameSamples);
  writeRtpHeader(h, buf);
  std::copy_n(payload.begin(), size - kRtpHeaderSize, buf.begin() + kRtpHeaderSize);
  ssize_t n = ::sendto(to.ports.rtpFd(), buf.data(), size, MSG_DONTWAIT,
                       reinterpret_cast<const sockaddr*>(&to.remote->ss), to.remote->len);
  if (n != static_cast<ssize_t>(size)) {
    ++to.stats.send_errors;
    return;
  }
  ++to.stats.packets_out;
  to.stats.bytes_out += size - kRtpHeaderSize;
  to.out.sent(size - kRtpHeaderSize);
}

void Session::hear(int side, const RtpPacketView& view, PayloadKind kind, MonoTime now) {
  Leg& l = legs_[side];
  LegAudio& a = *l.audio;
  std::vector<HookId> failed;
  if (kind == PayloadKind::Audio) {
    if (view.payload.empty()) return;
    std::span<int16_t> pcm = thread_.pcmScratch().first(view.payload.size());
    decodePcm(l.format.codec, view.payload, pcm.data());
    AudioChunk chunk{static_cast<LegSide>(side), view.header.timestamp, view.header.sequence, now,
                     pcm};
    for (const auto& s : a.sinks) {
      if (!callHook("sink", tag_, [&] { s.sink->onAudio(chunk); })) failed.push_back(s.id);
    }
  } else if (kind == PayloadKind::Event) {
    auto presses = a.presses.onPacket(view.header.ssrc, view.header.timestamp, view.payload);
    for (const auto& p : {presses.first, presses.second}) {
      if (!p) continue;
      for (const auto& s : a.sinks) {
        auto call = [&] {
          s.sink->onTelephoneEvent(static_cast<LegSide>(side), p->digit, p->duration);
        };
        if (!callHook("sink", tag_, call)) failed.push_back(s.id);
      }
    }
  }
  for (HookId id : failed) removeSink(id);
}

void Session::hold(Leg& to, Leg& from, const RtpPacketView& view, PayloadKind kind) {
  LegAudio& a = *to.audio;
  if (kind == PayloadKind::Audio && a.feed && a.feed->mode == SourceMode::Mix) {
    std::span<int16_t> pcm = thread_.pcmScratch().first(view.payload.size());
    decodePcm(from.format.codec, view.payload, pcm.data());
    a.mix.push(pcm);
    return;
  }
  ++from.stats.packets_dropped;  // Replace, or an event: not relayed
}

}  // namespace hk::rtp::detail
