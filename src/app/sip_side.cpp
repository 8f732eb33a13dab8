#include "app/sip_side.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/flow_loader.hpp"
#include "b2bua/b2bua.hpp"
#include "base/executor.hpp"
#include "base/log.hpp"
#include "engine/flow_directory.hpp"
#include "engine/flow_handler.hpp"
#include "media/prompt_store.hpp"
#include "media/tts.hpp"
#include "media/tts_cache.hpp"
#include "rtp/media_engine.hpp"
#include "rtp/port_pool.hpp"
#include "secure/caller_cipher.hpp"
#include "sip/dns_client.hpp"
#include "store/store.hpp"

namespace hk::app {

struct SipSide::Impl {
  std::unique_ptr<EventLoop> loop;
  std::unique_ptr<WorkerPool> blocking;
  std::unique_ptr<rtp::PortPool> ports;
  std::unique_ptr<rtp::MediaEngine> media;
  std::unique_ptr<secure::CallerCipher> cipher;
  std::unique_ptr<WorkerPool> media_work;  // prompt files and TTS, off the loop
  media::PromptStore* prompts = nullptr;   // the Server's, shared with the API
  std::unique_ptr<media::Tts> tts;
  std::unique_ptr<media::TtsCache> tts_cache;
  std::unique_ptr<engine::FlowDirectory> flows;  // which flow a call runs (flow engine)
  std::unique_ptr<b2bua::B2bua> b2bua;
  bool stopped = false;
};

namespace {

std::string hostPart(const std::string& listen) {
  auto colon = listen.rfind(':');
  std::string h = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (h.size() > 2 && h.front() == '[') h = h.substr(1, h.size() - 2);
  return h;
}

std::optional<b2bua::RecordSpec> recordingOf(const std::string& mode) {
  if (mode == "stereo") return b2bua::RecordSpec{b2bua::RecordWhat::Stereo};
  if (mode == "caller") return b2bua::RecordSpec{b2bua::RecordWhat::Caller};
  if (mode == "callee") return b2bua::RecordSpec{b2bua::RecordWhat::Callee};
  return std::nullopt;
}

// [media] and [tts]: the TTS engines and their cache, the worker pool (the prompt store is
// the Server's).
Status openMedia(const Config& cfg, SipSide::Impl& impl, b2bua::B2buaOptions& o) {
  std::filesystem::path dir = cfg.str("media.dir");
  if (impl.prompts == nullptr) return fail(Code::Invalid, "media dir is not set", "media.dir");
  media::TtsConfig tc;
  tc.open_jtalk = cfg.str("tts.open_jtalk");
  tc.jtalk_dic = cfg.str("tts.jtalk_dic");
  tc.jtalk_voice = cfg.str("tts.jtalk_voice");
  tc.timeout = std::chrono::milliseconds(cfg.integer("tts.timeout_ms"));
  impl.tts = std::make_unique<media::Tts>(tc);
  std::filesystem::path tts_dir = cfg.str("media.tts_cache_dir");
  if (tts_dir.empty()) tts_dir = dir / "tts";
  impl.tts_cache = std::make_unique<media::TtsCache>(tts_dir, *impl.tts);
  impl.media_work =
      std::make_unique<WorkerPool>("media", static_cast<size_t>(cfg.integer("media.workers")));
  o.recordings_dir = (dir / "recordings").string();
  o.voicemail_dir = (dir / "voicemail").string();
  o.recording = recordingOf(cfg.str("media.recording"));
  o.recording_opus = cfg.str("media.recording_format") == "opus";
  o.fax_detect = cfg.flag("media.fax_detect");
  o.fax_detect_window = std::chrono::seconds(cfg.integer("media.fax_detect_sec"));
  o.max_voicemail = std::chrono::seconds(cfg.integer("media.voicemail_max_sec"));
  return ok();
}

}  // namespace

Result<std::unique_ptr<SipSide>> SipSide::create(const Config& cfg, const Clock& clock,
                                                 store::Store& store, calllog::Writer& writer,
                                                 const secure::KeyRing& keys,
                                                 metrics::Registry& metrics,
                                                 media::PromptStore* prompts,
                                                 b2bua::AttributeFn attribute) {
  auto impl = std::make_unique<Impl>();
  impl->prompts = prompts;
  const std::string& udp = cfg.str("sip.udp_listen");
  if (udp.empty()) return std::unique_ptr<SipSide>(new SipSide(std::move(impl)));
  auto lg = log::get("app");

  auto trunks = b2bua::Trunks::fromConfig(cfg);
  if (!trunks) return trunks.error();
  rtp::PortPool::Config pc;
  pc.min_port = static_cast<uint16_t>(cfg.integer("sip.rtp_port_min"));
  pc.max_port = static_cast<uint16_t>(cfg.integer("sip.rtp_port_max"));
  auto pool = rtp::PortPool::create(pc);
  if (!pool) return pool.error();
  impl->ports = std::move(*pool);
  rtp::MediaEngine::Config mc;
  mc.threads = static_cast<size_t>(cfg.integer("sip.media_threads"));
  mc.coalesce = std::chrono::microseconds(cfg.integer("sip.media_batch_us"));
  impl->media = std::make_unique<rtp::MediaEngine>(mc, *impl->ports, clock);
  impl->cipher = std::make_unique<secure::CallerCipher>(keys);
  impl->loop = std::make_unique<EventLoop>("sip");
  impl->blocking = std::make_unique<WorkerPool>("sip-db", 1);

  b2bua::B2buaOptions o;
  o.udp_listen = udp;
  o.tcp_listen = cfg.str("sip.tcp_listen");
  o.advertised = cfg.str("sip.advertised_address");
  o.media_ip = cfg.str("sip.media_address");
  if (o.media_ip.empty()) o.media_ip = hostPart(udp);
  o.timers.t1 = std::chrono::milliseconds(cfg.integer("sip.t1_ms"));
  o.timers.t2 = std::chrono::milliseconds(cfg.integer("sip.t2_ms"));
  o.timers.t4 = std::chrono::milliseconds(cfg.integer("sip.t4_ms"));
  o.max_calls = static_cast<size_t>(cfg.integer("sip.max_calls"));
  o.max_cps = static_cast<size_t>(cfg.integer("sip.max_calls_per_sec"));
  o.retry_after_sec = static_cast<int>(cfg.integer("sip.retry_after_sec"));
  o.max_call_length = std::chrono::seconds(cfg.integer("sip.max_call_length_sec"));
  o.media_timeout = std::chrono::seconds(cfg.integer("sip.media_timeout_sec"));
  o.directory_refresh = std::chrono::milliseconds(cfg.integer("sip.directory_refresh_ms"));
  auto dns = sip::parseDnsServers(cfg.str("sip.dns_servers"));
  if (!dns) return dns.error();
  o.dns.dns.servers = std::move(*dns);
  o.dns.dns.timeout = std::chrono::seconds(cfg.integer("sip.dns_timeout_sec"));
  o.dns.locator.ttl_cap = std::chrono::seconds(cfg.integer("sip.dns_ttl_cap_sec"));
  if (auto m = openMedia(cfg, *impl, o); !m) return m.error();

  store::Store* st = &store;
  b2bua::B2buaDeps deps{*impl->loop,
                        clock,
                        std::move(*trunks),
                        *impl->media,
                        *impl->ports,
                        writer,
                        *impl->cipher,
                        metrics,
                        [st]() -> Result<std::vector<domain::TrackingNumber>> {
                          auto tx = st->begin(false);
                          if (!tx) return tx.error();
                          return (*tx)->numbers().allActive();
                        },
                        *impl->blocking,
                        {},
                        impl->prompts,
                        impl->tts_cache.get(),
                        impl->media_work.get()};
  deps.attribute = std::move(attribute);
  deps.load_advertiser_lines = [st]() -> Result<std::map<domain::Id, int>> {
    auto tx = st->begin(false);
    if (!tx) return tx.error();
    std::map<domain::Id, int> out;
    constexpr int kPage = 500;
    for (int page = 1;; ++page) {
      auto p = (*tx)->advertisers().list(store::Scope{}, {page, kPage});
      if (!p) return p.error();
      for (const auto& a : p->items) {
        if (a.max_lines > 0) out[a.id] = a.max_lines;
      }
      if (p->items.size() < static_cast<size_t>(kPage)) break;
    }
    return out;
  };
  // Call blocking: every block list, reloaded with the directory (b2bua/block_check.cpp).
  deps.load_block_lists = [st]() -> Result<std::vector<store::BlockEntry>> {
    auto tx = st->begin(false);
    if (!tx) return tx.error();
    return (*tx)->blockList().all();
  };
  // The flow engine: flows, attachments and absence switches reloaded every flows.refresh_ms;
  // a number without a flow is forwarded as before. Every verb must have its executor.
  if (auto missing = engine::missingExecutors(); !missing.empty()) {
    return fail(Code::Internal,
                fmt::format("flow verbs without an executor: {}", fmt::join(missing, ", ")));
  }
  impl->flows = std::make_unique<engine::FlowDirectory>(
      *impl->loop, *impl->blocking, flowRowsLoader(store),
      std::chrono::milliseconds(cfg.integer("flows.refresh_ms")));
  if (auto loaded = impl->flows->start(); !loaded) {
    HK_LOG_WARN(lg, "{}", loaded.error().message);
  }
  deps.handlers = engine::makeHandlerFactory(*impl->flows, clock);
  impl->loop->start();
  auto b = b2bua::B2bua::start(std::move(deps), o);
  if (!b) {
    impl->loop->stop();
    return b.error();
  }
  impl->b2bua = std::move(*b);
  HK_LOG_INFO(lg, "SIP listening on udp {}:{}{}", hostPart(udp), impl->b2bua->udpPort(),
              o.tcp_listen.empty()
                  ? std::string()
                  : fmt::format(" and tcp {}:{}", hostPart(o.tcp_listen), impl->b2bua->tcpPort()));
  return std::unique_ptr<SipSide>(new SipSide(std::move(impl)));
}

SipSide::SipSide(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SipSide::~SipSide() { stop(); }

void SipSide::stop() {
  if (impl_->stopped) return;
  impl_->stopped = true;
  if (impl_->b2bua) impl_->b2bua->stop();
  if (impl_->flows) impl_->flows->stop();
  if (impl_->media_work) impl_->media_work->stop();
  if (impl_->blocking) impl_->blocking->stop();
  if (impl_->loop) impl_->loop->stop();
}

void SipSide::addRoutes(api::Router& router) {
  // Only with SIP on: without it there is nothing to count (and docs/openapi.yaml does not
  // list the route yet).
  if (!impl_->b2bua) return;
  Impl* impl = impl_.get();
  router.get(
      "/debug/counters",
      [impl](api::Request&) {
        b2bua::Counters c;
        if (impl->b2bua) c = impl->b2bua->counters();
        return api::Response::json(200, {{"calls", c.calls},
                                         {"transactions", c.transactions},
                                         {"dialogs", c.dialogs},
                                         {"rtp_ports", c.rtp_ports}});
      },
      "debug_counters");
}

}  // namespace hk::app
