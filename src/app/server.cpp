#include "app/server.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <random>

#include "api/handlers/common.hpp"
#include "api/handlers/context.hpp"
#include "api/handlers/tracking_routes.hpp"
#include "api/health.hpp"
#include "api/http_server.hpp"
#include "app/sip_side.hpp"
#include "base/executor.hpp"
#include "base/log.hpp"
#include "base/metrics.hpp"
#include "calllog/recovery.hpp"
#include "calllog/writer.hpp"
#include "domain/call_record.hpp"
#include "media/prompt_store.hpp"
#include "secure/keyfile.hpp"
#include "service/auth.hpp"
#include "store/store.hpp"
#include "tracking/call_attribution.hpp"
#include "tracking/write_behind.hpp"

namespace hk::app {

struct Server::Parts {
  const Clock& clock;
  std::shared_ptr<spdlog::logger> log = log::get("app");
  metrics::Registry metrics;
  std::optional<secure::KeyRing> keys;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<calllog::Writer> writer;
  std::unique_ptr<service::Auth> auth;
  // One per process: the API uploads into it and the calls play from it (one decoded-prompt
  // cache). Null without media.dir. Declared before its users, so destroyed after them.
  std::unique_ptr<media::PromptStore> prompts;
  std::unique_ptr<api::ApiContext> api_ctx;
  std::unique_ptr<tracking::Registry> leases;  // number pools: live leases (DNI)
  std::unique_ptr<tracking::WriteBehind> lease_writer;
  std::unique_ptr<tracking::CallerHistoryIndex> caller_history;
  std::unique_ptr<WorkerPool> history_warm;  // reads the call log once, at start-up
  std::unique_ptr<api::TrackingApi> tracking_api;
  api::Router router;
  std::unique_ptr<api::HttpServer> http;
  std::unique_ptr<SipSide> sip;
  std::string http_host;
  uint16_t http_port = 0;
  bool stopped = false;
  explicit Parts(const Clock& c) : clock(c) {}
};

namespace {

// Creates the parent folder of a file path named in the config ("var/hankyo.db").
Status ensureParent(const std::string& path) {
  std::filesystem::path p(path);
  if (!p.has_parent_path()) return ok();
  std::error_code ec;
  std::filesystem::create_directories(p.parent_path(), ec);
  if (ec) {
    return fail(Code::Unavailable,
                fmt::format("cannot create folder {}: {}", p.parent_path().string(), ec.message()));
  }
  return ok();
}

// [media]: the prompt store below media.dir. Without it the API answers prompts with 503, and
// the SIP side cannot start: a failure is fatal only with SIP on (as before the store was
// shared).
Status openPrompts(const Config& cfg, Server::Parts& parts) {
  media::PromptStoreOptions po;
  po.media_dir = cfg.str("media.dir");
  po.cache_bytes = static_cast<size_t>(cfg.integer("media.prompt_cache_mb")) << 20;
  po.limits.max_bytes = static_cast<size_t>(cfg.integer("media.upload_max_mb")) << 20;
  po.limits.max_duration = std::chrono::seconds(cfg.integer("media.upload_max_seconds"));
  auto opened = media::PromptStore::open(po);
  if (opened) {
    parts.prompts = std::move(*opened);
    return ok();
  }
  if (!cfg.str("sip.udp_listen").empty()) return opened.error();
  HK_LOG_WARN(parts.log, "prompts are not available: {}", opened.error().message);
  return ok();
}

}  // namespace

Result<std::unique_ptr<Server>> Server::create(const Config& cfg, const Clock& clock) {
  log::setup(cfg.str("log.level"),
             cfg.str("log.format") == "json" ? log::Format::Json : log::Format::Text,
             cfg.str("log.file"));
  auto parts = std::make_unique<Parts>(clock);
  auto& lg = parts->log;
  HK_LOG_INFO(lg, "hankyod {} starting", HK_VERSION);
  for (const auto& line : cfg.summary()) HK_LOG_INFO(lg, "config {}", line);

  const std::string& key_file = cfg.str("crypto.key_file");
  if (auto st = ensureParent(key_file); !st) return st.error();
  auto keys = secure::KeyRing::loadOrCreate(key_file);
  if (!keys) return keys.error();
  parts->keys.emplace(std::move(*keys));

  const std::string& url = cfg.str("store.url");
  if (url.rfind("sqlite:", 0) == 0 && url != "sqlite::memory:") {
    if (auto st = ensureParent(url.substr(7)); !st) return st.error();
  }
  store::Options sopts;
  sopts.synchronous_full = cfg.flag("store.synchronous_full");
  sopts.pool_size = static_cast<int>(cfg.integer("store.pool_size"));
  sopts.busy_timeout_ms = static_cast<int>(cfg.integer("store.busy_timeout_ms"));
  auto st = store::Store::open(url, clock, sopts);
  if (!st) return Error{st.error().code, fmt::format("store {}: {}", url, st.error().message)};
  parts->store = std::move(*st);

  calllog::WriterOptions wopts;
  wopts.journal_path = cfg.str("calllog.journal");
  if (auto e = ensureParent(wopts.journal_path); !e) return e.error();
  wopts.queue_capacity = static_cast<size_t>(cfg.integer("calllog.queue_capacity"));
  wopts.batch_max = static_cast<size_t>(cfg.integer("calllog.batch_max"));
  wopts.batch_wait = std::chrono::milliseconds(cfg.integer("calllog.batch_wait_ms"));
  auto writer = calllog::Writer::start(*parts->store, clock, parts->metrics, wopts);
  if (!writer) return writer.error();
  parts->writer = std::move(*writer);
  if (auto closed = calllog::recoverInProgress(*parts->store, clock); !closed) {
    HK_LOG_WARN(lg, "closing calls left in progress failed: {}", closed.error().message);
  } else if (*closed > 0) {
    HK_LOG_WARN(lg, "closed {} calls left in progress by an earlier stop", *closed);
  }

  parts->auth =
      std::make_unique<service::Auth>(*parts->store, *parts->keys, clock,
                                      std::chrono::seconds(cfg.integer("http.session_ttl_sec")));
  if (auto p = openPrompts(cfg, *parts); !p) return p.error();
  api::ApiMedia media;  // prompts, recordings and voicemail (below media.dir)
  media.media_dir = cfg.str("media.dir");
  media.limits.max_bytes = static_cast<size_t>(cfg.integer("media.upload_max_mb")) << 20;
  media.limits.max_duration = std::chrono::seconds(cfg.integer("media.upload_max_seconds"));
  media.prompt_store = parts->prompts.get();
  parts->api_ctx = std::make_unique<api::ApiContext>(
      *parts->store, *parts->auth, clock, *parts->keys, cfg.flag("http.cookie_secure"), media);
  api::addApiRoutes(parts->router, *parts->api_ctx);
  parts->leases = std::make_unique<tracking::Registry>(clock, std::random_device{}());
  if (auto loaded = tracking::load(*parts->leases, *parts->store, clock); !loaded) {
    return loaded.error();
  }
  parts->lease_writer = std::make_unique<tracking::WriteBehind>(*parts->leases, *parts->store,
                                                                std::chrono::seconds(1));
  parts->lease_writer->start();
  parts->leases->attachMetrics(parts->metrics);
  parts->caller_history = std::make_unique<tracking::CallerHistoryIndex>();
  parts->history_warm = std::make_unique<WorkerPool>("history", 1);
  parts->history_warm->post([h = parts->caller_history.get(), st = parts->store.get(), &clock,
                             lg = parts->log] {
    auto w = tracking::warmCallerHistory(*h, *st, clock.now());
    if (!w) {
      HK_LOG_WARN(lg, "caller history warm-up failed: {}", w.error().message);
    } else {
      HK_LOG_INFO(lg, "caller history: {} attributed calls of {} read", w->recorded, w->scanned);
    }
  });
  parts->tracking_api = std::make_unique<api::TrackingApi>(clock, *parts->leases);
  api::addPoolRoutes(parts->router, *parts->api_ctx, *parts->tracking_api);
  api::addDniRoutes(parts->router, *parts->tracking_api);
  api::addHealthRoutes(parts->router, parts->metrics, [] { return true; });
  parts->router.get(
      "/debug/dni/allocations",
      [ctx = parts->api_ctx.get(), reg = parts->leases.get()](api::Request& req) {
        auto p = api::authenticate(*ctx, req);
        if (!p) return p.problem();
        if (!p->isSystem()) return api::problem(403, "system administrators only");
        auto c = reg->checkAllocations();
        return api::Response::json(200, {{"ok", c.ok()},
                                         {"live_leases", c.live_leases},
                                         {"leased_numbers", c.leased_numbers},
                                         {"double_allocations", c.double_allocations},
                                         {"shared_numbers", c.shared_numbers},
                                         {"inconsistent", c.inconsistent},
                                         {"offending", c.offending}});
      },
      "dni_allocation_check");
  b2bua::AttributeFn attribute = [reg = parts->leases.get(), hist = parts->caller_history.get()](
                                     const b2bua::AttributionQuery& q, domain::CallRecord& r) {
    tracking::fillRecord(
        tracking::attributeCall(*reg, hist, {q.number, q.suffix, q.caller_index, q.at}), r);
  };
  auto sip = SipSide::create(cfg, clock, *parts->store, *parts->writer, *parts->keys,
                             parts->metrics, parts->prompts.get(), std::move(attribute));
  if (!sip) return sip.error();
  parts->sip = std::move(*sip);
  parts->sip->addRoutes(parts->router);

  api::HttpServerOptions hopts;
  hopts.listen = cfg.str("http.listen");
  hopts.threads = static_cast<size_t>(cfg.integer("http.threads"));
  hopts.max_body_bytes = static_cast<size_t>(cfg.integer("http.max_body_bytes"));
  hopts.max_header_bytes = static_cast<size_t>(cfg.integer("http.max_header_bytes"));
  hopts.idle_timeout = std::chrono::seconds(cfg.integer("http.idle_timeout_sec"));
  auto colon = hopts.listen.rfind(':');
  parts->http_host = colon == std::string::npos ? hopts.listen : hopts.listen.substr(0, colon);
  parts->http = std::make_unique<api::HttpServer>(hopts, parts->router, parts->metrics);
  return std::unique_ptr<Server>(new Server(std::move(parts)));
}

Server::Server(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Server::~Server() { stop(); }

Status Server::start() {
  auto port = parts_->http->start();
  if (!port) return port.error();
  parts_->http_port = *port;
  HK_LOG_INFO(parts_->log, "API listening on http://{}", httpAddress());
  return ok();
}

void Server::stop() {
  if (parts_->stopped) return;
  parts_->stopped = true;
  parts_->http->stop();
  parts_->sip->stop();
  parts_->history_warm->stop();
  parts_->writer->stop();
  parts_->lease_writer->stop();  // writes the last lease changes behind
  HK_LOG_INFO(parts_->log, "hankyod stopped");
}

std::string Server::httpAddress() const {
  return fmt::format("{}:{}", parts_->http_host, parts_->http_port);
}

std::vector<std::string> Server::routes() const {
  std::vector<std::string> out;
  for (const auto& r : parts_->router.routes()) out.push_back(r.method + " " + r.pattern);
  return out;
}

store::Store& Server::store() { return *parts_->store; }

media::PromptStore* Server::prompts() { return parts_->prompts.get(); }

}  // namespace hk::app
