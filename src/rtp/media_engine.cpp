#include "rtp/media_engine.hpp"

#include <cerrno>
#include <cstring>
#include <future>
#include <mutex>
#include <random>
#include <vector>

#include "base/log.hpp"
#include "rtp/detail/event_target.hpp"
#include "rtp/detail/media_thread.hpp"
#include "rtp/detail/slot_table.hpp"
#include "rtp/telephone_event.hpp"

namespace hk::rtp {

struct MediaEngine::Impl {
  Impl(Config c, PortPool& p, const Clock& clk)
      : cfg(std::move(c)),
        ports(p),
        clock(clk),
        slots(std::make_shared<detail::SlotTable>(cfg.max_sessions)),
        rng(cfg.seed ? cfg.seed : std::random_device{}()) {}

  detail::MediaThread& threadOf(SessionId id) {
    return *threads[detail::SlotTable::threadOf(id) % threads.size()];
  }
  Status checkRemote(const LegParams& p, bool ipv6) const;
  detail::StreamSeed seed();

  Config cfg;
  PortPool& ports;
  const Clock& clock;
  std::shared_ptr<detail::SlotTable> slots;
  std::vector<std::unique_ptr<detail::MediaThread>> threads;
  std::mutex rng_mu;
  std::mt19937_64 rng;
  std::atomic<size_t> next_thread{0};
  std::atomic<HookId> next_hook{1};
  std::shared_ptr<spdlog::logger> log = hk::log::get("rtp");
};

Status MediaEngine::Impl::checkRemote(const LegParams& p, bool ipv6) const {
  for (const auto* e : {&p.remote, &p.remote_rtcp}) {
    if (!*e) continue;
    auto a = detail::toSockAddr((*e)->ip, (*e)->port);
    if (!a) return a.error();
    if (a->ipv6() != ipv6) {
      return fail(Code::Invalid, "remote " + (*e)->ip + " is not of the leg's address family");
    }
  }
  return ok();
}

detail::StreamSeed MediaEngine::Impl::seed() {
  std::lock_guard lock(rng_mu);
  uint64_t r = rng();
  return {static_cast<uint32_t>(r), static_cast<uint16_t>(r >> 32), static_cast<uint32_t>(rng())};
}

MediaEngine::MediaEngine(Config cfg, PortPool& ports, const Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(cfg), ports, clock)) {
  size_t n = impl_->cfg.threads == 0 ? 1 : impl_->cfg.threads;
  if (n > 255) n = 255;
  detail::ThreadConfig tc{impl_->cfg.tick, impl_->cfg.rtcp_interval, impl_->cfg.cname,
                          impl_->cfg.seed, impl_->cfg.coalesce};
  for (size_t i = 0; i < n; ++i) {
    impl_->threads.push_back(std::make_unique<detail::MediaThread>(i, clock, tc));
  }
}

MediaEngine::~MediaEngine() {
  for (auto& t : impl_->threads) {
    std::promise<void> done;
    t->loop().post([&t, &done] {
      t->closeAll();
      done.set_value();
    });
    done.get_future().wait();
  }
  impl_->threads.clear();
}

Result<SessionInfo> MediaEngine::createSession(const SessionParams& params, Executor& owner,
                                               EventHandler on_event) {
  auto local_a = detail::toSockAddr(params.local_ip_a, 0);
  if (!local_a) return local_a.error();
  auto local_b = detail::toSockAddr(params.local_ip_b, 0);
  if (!local_b) return local_b.error();
  if (Status st = impl_->checkRemote(params.a, local_a->ipv6()); !st) return st.error();
  if (Status st = impl_->checkRemote(params.b, local_b->ipv6()); !st) return st.error();
  auto ports_a = impl_->ports.allocate(params.local_ip_a);
  if (!ports_a) return ports_a.error();
  auto ports_b = impl_->ports.allocate(params.local_ip_b);
  if (!ports_b) return ports_b.error();
  auto thread = static_cast<uint8_t>(impl_->next_thread.fetch_add(1) % impl_->threads.size());
  auto id = impl_->slots->acquire(thread, local_a->ipv6(), local_b->ipv6());
  if (!id) return fail(Code::Unavailable, "media session limit reached");

  auto setup = std::make_shared<detail::SessionSetup>();
  setup->id = *id;
  setup->ports = {std::move(*ports_a), std::move(*ports_b)};
  setup->params = {params.a, params.b};
  setup->seeds = {impl_->seed(), impl_->seed()};
  setup->tag = params.tag;
  setup->created = impl_->clock.mono();
  auto target = std::make_shared<detail::EventTarget>();
  target->owner = &owner;
  target->handler = std::move(on_event);
  target->slots = impl_->slots;
  target->id = *id;
  setup->events = std::move(target);
  SessionInfo info{*id, setup->ports[0].port(), setup->ports[1].port()};

  detail::MediaThread& t = *impl_->threads[thread];
  t.loop().post([&t, setup, log = impl_->log] {
    auto s = std::make_shared<detail::Session>(t, std::move(*setup));
    if (!s->start()) {
      HK_LOG_ERROR(log, "media session {} trn={}: a socket could not be watched ({})",
                   setup->id.value, s->tag(), std::strerror(errno));
    }
    t.add(std::move(s), setup->id);
  });
  HK_LOG_DEBUG(impl_->log, "media session {} trn={} ports {}/{} on media-{}", id->value, params.tag,
               info.port_a, info.port_b, thread);
  return info;
}

Status MediaEngine::updateLeg(SessionId id, LegSide side, const LegParams& params) {
  if (!impl_->slots->isLive(id)) return fail(Code::NotFound, "no such media session");
  if (Status st = impl_->checkRemote(params, impl_->slots->ipv6(id, side)); !st) return st;
  detail::MediaThread& t = impl_->threadOf(id);
  t.loop().post([&t, id, side, params, when = impl_->clock.mono()] {
    if (auto s = t.find(id)) s->update(side, params, when);
  });
  return ok();
}

void MediaEngine::destroySession(SessionId id, std::function<void(const SessionStats&)> done) {
  if (!impl_->slots->retire(id)) return;
  detail::MediaThread& t = impl_->threadOf(id);
  auto slots = impl_->slots;
  t.loop().post([&t, id, slots, done = std::move(done)] {
    auto s = t.take(id);
    if (s) {
      s->close();  // relays what was waiting first: the final counters include it
      SessionStats stats = s->stats();
      slots->release(id);
      if (done) s->events()->owner->post([done, stats] { done(stats); });
    } else {
      slots->release(id);
    }
  });
}

void MediaEngine::requestStats(SessionId id, Executor& to,
                               std::function<void(std::optional<SessionStats>)> done) {
  if (!impl_->slots->isLive(id)) {
    to.post([done = std::move(done)] { done(std::nullopt); });
    return;
  }
  detail::MediaThread& t = impl_->threadOf(id);
  t.loop().post([&t, &to, id, done = std::move(done)] {
    std::optional<SessionStats> stats;
    if (auto s = t.find(id)) stats = s->stats();
    to.post([done, stats] { done(stats); });
  });
}

Result<HookId> MediaEngine::addSink(SessionId id, LegSide from, std::shared_ptr<AudioSink> sink) {
  if (!sink) return fail(Code::Invalid, "no sink");
  if (!impl_->slots->isLive(id)) return fail(Code::NotFound, "no such media session");
  HookId hook = impl_->next_hook.fetch_add(1);
  detail::MediaThread& t = impl_->threadOf(id);
  t.loop().post([&t, id, from, hook, sink = std::move(sink)]() mutable {
    if (auto s = t.find(id)) {
      s->addSink(from, hook, std::move(sink), false);
    } else {  // ended meanwhile: the sink still hears its end
      detail::callHook("sink", "", [&] { sink->onDetach(); });
    }
  });
  return hook;
}

Status MediaEngine::removeSink(SessionId id, HookId sink) {
  if (!impl_->slots->isLive(id)) return fail(Code::NotFound, "no such media session");
  detail::MediaThread& t = impl_->threadOf(id);
  t.loop().post([&t, id, sink] {
    if (auto s = t.find(id)) s->removeSink(sink);
  });
  return ok();
}

Status MediaEngine::setSink(SessionId id, LegSide from, std::shared_ptr<AudioSink> sink) {
  if (!impl_->slots->isLive(id)) return fail(Code::NotFound, "no such media session");
  HookId hook = sink ? impl_->next_hook.fetch_add(1) : 0;
  detail::MediaThread& t = impl_->threadOf(id);
  t.loop().post([&t, id, from, hook, sink = std::move(sink)]() mutable {
    if (auto s = t.find(id)) {
      s->addSink(from, hook, std::move(sink), true);
    } else if (sink) {
      detail::callHook("sink", "", [&] { sink->onDetach(); });
    }
  });
  return ok();
}

Result<HookId> MediaEngine::setSource(SessionId id, LegSide to, std::shared_ptr<AudioSource> source,
                                      SourceMode mode) {
  if (!impl_->slots->isLive(id)) return fail(Code::NotFound, "no such media session");
  HookId hook = source ? impl_->next_hook.fetch_add(1) : 0;
  detail::MediaThread& t = impl_->threadOf(id);
  t.loop().post([&t, id, to, hook, mode, source = std::move(source)]() mutable {
    if (auto s = t.find(id)) s->setSource(to, hook, std::move(source), mode);
  });
  return hook;
}

Status MediaEngine::sendDigit(SessionId id, LegSide to, char digit,
                              std::chrono::milliseconds duration) {
  auto event = digitEvent(digit);
  if (!event) return fail(Code::Invalid, std::string("not a key: '") + digit + "'", "digit");
  if (duration < std::chrono::milliseconds(20) || duration > std::chrono::milliseconds(8000)) {
    return fail(Code::Invalid, "a key press lasts 20 ms to 8 s", "duration");
  }
  if (!impl_->slots->isLive(id)) return fail(Code::NotFound, "no such media session");
  auto units = static_cast<uint16_t>(duration.count() * kSampleRate / 1000);
  detail::MediaThread& t = impl_->threadOf(id);
  t.loop().post([&t, id, to, event = *event, units] {
    if (auto s = t.find(id)) s->sendDigit(to, event, units);
  });
  return ok();
}

bool MediaEngine::isLive(SessionId id) const { return impl_->slots->isLive(id); }
size_t MediaEngine::activeSessions() const { return impl_->slots->held(); }
size_t MediaEngine::threadCount() const { return impl_->threads.size(); }

void MediaEngine::sweepForTest() {
  for (auto& t : impl_->threads) {
    std::promise<void> done;
    t->loop().post([&t, &done] {
      t->sweep();
      done.set_value();
    });
    done.get_future().wait();
  }
}

void MediaEngine::paceForTest() {
  for (auto& t : impl_->threads) {
    std::promise<void> done;
    t->loop().post([&t, &done] {
      t->pace();
      done.set_value();
    });
    done.get_future().wait();
  }
}

}  // namespace hk::rtp
