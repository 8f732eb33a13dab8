#include "tracking/registry.hpp"

#include <algorithm>

#include "base/ids.hpp"

namespace hk::tracking {

using std::chrono::duration_cast;
using std::chrono::seconds;

bool Drained::empty() const {
  if (!visitors.empty() || !minutes.empty() || !number_calls.empty()) return false;
  if (prune_telemetry_before) return false;
  for (const auto& j : journals) {
    if (!j.leases.empty() || !j.transitions.empty() || !j.monthly.empty()) return false;
  }
  return true;
}

bool originMatches(const std::vector<std::string>& allowed, const std::string& origin) {
  if (origin.empty()) return false;
  for (const auto& a : allowed) {
    if (a == "*" || a == origin) return true;
  }
  return false;
}

bool isVisitorId(const std::string& s) {
  if (s.size() < 8 || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == '-';
  });
}

Registry::Entry::Entry(const TrackingPool& p, const Clock& c, uint64_t seed)
    : book(p, c, seed),
      pool_bucket(std::max(1, p.pool_rate_per_sec), 2.0 * std::max(1, p.pool_rate_per_sec)),
      visitor_buckets(std::max(1, p.visitor_rate_per_min) / 60.0,
                      std::max(1, p.visitor_rate_per_min)),
      telemetry(p, c.now()) {}

Registry::Registry(const Clock& clock, uint64_t seed) : clock_(clock), seed_(seed) {}

void Registry::index(const TrackingPool& p, domain::Id id) {
  keys_[p.key] = id;
  if (p.mode == store::PoolMode::Dynamic) {
    if (!p.base_number.empty()) numbers_[p.base_number] = id;
  } else {
    for (const auto& n : p.numbers) numbers_[n.number] = id;
  }
}

void Registry::unindex(domain::Id id) {
  std::erase_if(keys_, [&](const auto& kv) { return kv.second == id; });
  std::erase_if(numbers_, [&](const auto& kv) { return kv.second == id; });
}

void Registry::setPool(const TrackingPool& p) {
  std::unique_lock lk(mu_);
  auto it = pools_.find(p.id);
  if (it == pools_.end()) {
    pools_.emplace(p.id, std::make_shared<Entry>(p, clock_, seed_ + static_cast<uint64_t>(p.id)));
  } else {
    std::lock_guard plk(it->second->mu);
    Entry& e = *it->second;
    // The telemetry follows the change exactly: what happened before it, then what it ended.
    const WallTime now = clock_.now();
    e.held.push_back(e.book.takeJournal());
    e.telemetry.feed(e.held.back(), now);
    e.book.reconfigure(p);
    e.held.push_back(e.book.takeJournal());
    e.telemetry.feed(e.held.back(), now);
    e.telemetry.reconfigure(p, now);
    it->second->pool_bucket =
        TokenBucket(std::max(1, p.pool_rate_per_sec), 2.0 * std::max(1, p.pool_rate_per_sec));
    it->second->visitor_buckets.setRate(std::max(1, p.visitor_rate_per_min) / 60.0,
                                        std::max(1, p.visitor_rate_per_min));
  }
  unindex(p.id);
  index(p, p.id);
}

void Registry::removePool(domain::Id id) {
  std::unique_lock lk(mu_);
  pools_.erase(id);
  unindex(id);
}

void Registry::restoreLeases(domain::Id pool_id, const std::vector<LeaseRow>& rows) {
  auto e = byId(pool_id);
  if (!e) return;
  std::lock_guard lk(e->mu);
  e->book.restore(rows);
  e->telemetry.restore(rows, clock_.now());
}

size_t Registry::poolCount() const {
  std::shared_lock lk(mu_);
  return pools_.size();
}

std::shared_ptr<Registry::Entry> Registry::byId(domain::Id id) const {
  std::shared_lock lk(mu_);
  auto it = pools_.find(id);
  return it == pools_.end() ? nullptr : it->second;
}

std::shared_ptr<Registry::Entry> Registry::byKey(const std::string& key) const {
  std::shared_lock lk(mu_);
  auto k = keys_.find(key);
  if (k == keys_.end()) return nullptr;
  auto it = pools_.find(k->second);
  return it == pools_.end() ? nullptr : it->second;
}

std::shared_ptr<Registry::Entry> Registry::byNumber(const std::string& dialled) const {
  std::shared_lock lk(mu_);
  auto k = numbers_.find(dialled);
  if (k == numbers_.end()) return nullptr;
  auto it = pools_.find(k->second);
  return it == pools_.end() ? nullptr : it->second;
}

bool Registry::originAllowed(const std::string& pool_key, const std::string& origin) const {
  if (!pool_key.empty()) {
    auto e = byKey(pool_key);
    if (!e) return false;
    std::lock_guard lk(e->mu);
    return e->book.pool().active && originMatches(e->book.pool().allowed_origins, origin);
  }
  std::vector<std::shared_ptr<Entry>> all;
  {
    std::shared_lock lk(mu_);
    for (const auto& [id, e] : pools_) all.push_back(e);
  }
  for (const auto& e : all) {
    std::lock_guard lk(e->mu);
    if (e->book.pool().active && originMatches(e->book.pool().allowed_origins, origin)) return true;
  }
  return false;
}

Result<DniReply> Registry::issue(const DniRequest& req) {
  auto e = byKey(req.pool_key);
  if (!e) return fail(Code::NotFound, "unknown pool key", "/pool_key");
  if (!req.visitor_id.empty() && !isVisitorId(req.visitor_id)) {
    return fail(Code::Invalid, "must be 8 to 64 letters, digits, '_' or '-'", "/visitor_id");
  }
  std::lock_guard lk(e->mu);
  const TrackingPool& pool = e->book.pool();
  if (!pool.active) return fail(Code::NotFound, "unknown pool key", "/pool_key");
  if (!req.origin.empty() && !originMatches(pool.allowed_origins, req.origin)) {
    return fail(Code::Forbidden, "this origin may not use the pool", "Origin");
  }
  DniReply out;
  const MonoTime mono = clock_.mono();
  const std::string& who = req.visitor_id.empty() ? req.client : req.visitor_id;
  if (!e->pool_bucket.take(mono, out.retry_after) ||
      !e->visitor_buckets.take(who, mono, out.retry_after)) {
    return out;
  }
  out.visitor_id = req.visitor_id.empty() ? "v" + randomHex(12) : req.visitor_id;
  Issued got = e->book.issue(out.visitor_id, req.params);
  e->telemetry.served(got.outcome, clock_.now());
  out.outcome = got.outcome;
  out.number = got.number;
  out.confidence = got.confidence;
  out.default_number = pool.default_number;
  const WallTime now = clock_.now();
  if (got.lease) {
    out.lease_id = got.lease->id;
    out.expires_in = duration_cast<seconds>(got.lease->expires_at - now).count();
  }
  if (got.lease || !req.params.empty()) {
    e->visitors.push_back({out.visitor_id, pool.id, req.params, req.params, now, now});
  }
  return out;
}

Result<DniReply> Registry::renew(const std::string& lease_id, const std::string& origin,
                                 const std::string& client) {
  auto dash = lease_id.find('-');
  domain::Id pool_id = 0;
  if (dash == std::string::npos || dash == 0 || dash > 18) {
    return fail(Code::NotFound, "lease ended or unknown", "/lease_id");
  }
  for (size_t i = 0; i < dash; ++i) {
    if (lease_id[i] < '0' || lease_id[i] > '9') {
      return fail(Code::NotFound, "lease ended or unknown", "/lease_id");
    }
    pool_id = pool_id * 10 + (lease_id[i] - '0');
  }
  auto e = byId(pool_id);
  if (!e) return fail(Code::NotFound, "lease ended or unknown", "/lease_id");
  std::lock_guard lk(e->mu);
  const TrackingPool& pool = e->book.pool();
  if (!origin.empty() && !originMatches(pool.allowed_origins, origin)) {
    return fail(Code::Forbidden, "this origin may not use the pool", "Origin");
  }
  DniReply out;
  const LeaseRow* cur = e->book.lease(lease_id);
  const std::string& who = cur ? cur->visitor_id : client;
  if (!e->pool_bucket.take(clock_.mono(), out.retry_after) ||
      !e->visitor_buckets.take(who, clock_.mono(), out.retry_after)) {
    return out;
  }
  auto l = e->book.renew(lease_id);
  if (!l) return l.error();
  out.outcome = IssueOutcome::Reused;
  out.number = l->number;
  out.lease_id = l->id;
  out.visitor_id = l->visitor_id;
  out.confidence = l->confidence;
  out.expires_in = duration_cast<seconds>(l->expires_at - clock_.now()).count();
  out.default_number = pool.default_number;
  return out;
}

Attribution Registry::attribute(const CallFacts& call, CallerHistory* history) {
  auto e = byNumber(call.dialled);
  if (!e) return tracking::attribute(nullptr, call, history);
  std::lock_guard lk(e->mu);
  Attribution a = tracking::attribute(&e->book, call, history);
  e->telemetry.called(a.reason, call.dialled + call.suffix, clock_.now());
  return a;
}

Drained Registry::drain() {
  std::vector<std::shared_ptr<Entry>> all;
  {
    std::shared_lock lk(mu_);
    for (const auto& [id, e] : pools_) all.push_back(e);
  }
  Drained out;
  for (const auto& e : all) {
    std::lock_guard lk(e->mu);
    e->book.sweep();
    Journal j = e->book.takeJournal();
    const WallTime now = clock_.now();
    e->telemetry.feed(j, now);
    for (auto& h : e->held) out.journals.push_back(std::move(h));
    e->held.clear();
    out.journals.push_back(std::move(j));
    TelemetryBatch t = e->telemetry.take(now);
    for (auto& m : t.minutes) out.minutes.push_back(m);
    for (auto& n : t.numbers) out.number_calls.push_back(std::move(n));
    for (auto& v : e->visitors) out.visitors.push_back(std::move(v));
    e->visitors.clear();
  }
  if (gauges_.load()) (void)checkAllocations();  // refreshes the gauges
  const int64_t now_ms = toMillis(clock_.now());
  if (now_ms - last_prune_ms_.load() >= kTelemetryPruneEvery.count()) {
    last_prune_ms_ = now_ms;
    out.prune_telemetry_before = fromMillis(now_ms) - kTelemetryRetention;
  }
  return out;
}

TelemetryBatch Registry::telemetryPending(domain::Id pool_id) const {
  auto e = byId(pool_id);
  if (!e) return {};
  std::lock_guard lk(e->mu);
  return e->telemetry.peek(clock_.now());
}

}  // namespace hk::tracking
