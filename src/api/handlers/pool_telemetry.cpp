// GET /api/v1/pools/{id}/telemetry?from=&to=&step= and GET /api/v1/pools/{id}/recommendation
// ?from=&to=&target=&margin= (service/pool_telemetry.hpp).
#include "service/pool_telemetry.hpp"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "api/handlers/common.hpp"
#include "api/handlers/tracking_routes.hpp"

namespace hk::api {

using nlohmann::json;
using std::chrono::hours;
using std::chrono::milliseconds;

namespace {

constexpr int64_t kMinuteMs = 60'000;

WallTime floorMinute(WallTime t) {
  const int64_t ms = toMillis(t);
  return fromMillis(ms - (((ms % kMinuteMs) + kMinuteMs) % kMinuteMs));
}

// from and to (RFC 3339, UTC or with an offset), minute-aligned: `to` defaults to the end of
// the current minute, `from` to `span` before it.
bool readRange(const Request& req, const Clock& clock, milliseconds span, WallTime& from,
               WallTime& to, FieldErrors& errs) {
  to = floorMinute(clock.now()) + milliseconds(kMinuteMs);
  if (const std::string* v = req.queryValue("to")) {
    if (!parseUtc(*v, to)) errs.add("to", "must be a time like 2026-11-24T09:00:00Z");
    to = floorMinute(to + milliseconds(kMinuteMs - 1));
  }
  from = to - span;
  if (const std::string* v = req.queryValue("from")) {
    if (!parseUtc(*v, from)) errs.add("from", "must be a time like 2026-11-24T08:00:00Z");
    from = floorMinute(from);
  }
  return errs.empty();
}

// "60" (seconds), "5m", "1h", "1d".
bool readStep(const std::string& s, std::chrono::seconds& out) {
  if (s.empty()) return false;
  int64_t unit = 1;
  std::string_view digits = s;
  switch (s.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: unit = 0;
  }
  if (unit != 0) {
    digits.remove_suffix(1);
  } else {
    unit = 1;
  }
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || v <= 0 || v > 366 * 86400) {
    return false;
  }
  out = std::chrono::seconds(v * unit);
  return true;
}

json ratio(int64_t num, int64_t den) {
  if (den <= 0) return nullptr;
  return std::round(static_cast<double>(num) / static_cast<double>(den) * 10000.0) / 10000.0;
}

json minuteJson(const store::PoolMinute& m) {
  return {{"size", m.size},
          {"observed_sec", static_cast<double>(m.observed_ms) / 1000.0},
          {"utilisation", ratio(m.leased_ms, m.capacity_ms)},
          {"peak_leased", m.peak_leased},
          {"full_sec", static_cast<double>(m.full_ms) / 1000.0},
          {"full_share", ratio(m.full_ms, m.observed_ms)},
          {"issued", m.issued},
          {"shared", m.shared},
          {"overflow", m.overflow},
          {"default_number", m.default_served},
          {"leases_ended", m.leases_ended},
          {"mean_lease_sec", m.leases_ended > 0 ? json(static_cast<double>(m.lease_ms) / 1000.0 /
                                                       static_cast<double>(m.leases_ended))
                                                : json(nullptr)},
          {"late_calls", m.late_calls},
          {"stray_calls", m.stray_calls}};
}

}  // namespace

void addPoolTelemetryRoutes(Router& router, ApiContext& ctx, TrackingApi& t) {
  auto svc = std::make_shared<service::PoolTelemetry>(t.pools, t.registry, ctx.clock);

  router.get(
      "/api/v1/pools/{id}/telemetry",
      [&ctx, svc](Request& req) -> Response {
        auto call = openItem(ctx, req, false);
        if (!call) return call.problem();
        FieldErrors errs;
        service::TelemetryQuery q;
        readRange(req, ctx.clock, hours(24), q.from, q.to, errs);
        if (const std::string* v = req.queryValue("step"); v && !readStep(*v, q.step)) {
          errs.add("step", "must be seconds or a count of m, h or d (\"300\", \"5m\", \"1h\")");
        }
        if (!errs.empty()) return errs.toResponse();
        auto rep = svc->report(*call->tx, call->principal, call->id, q);
        if (!rep) return problem(rep.error());
        json buckets = json::array();
        for (const auto& b : rep->buckets) {
          json j = minuteJson(b.sum);
          j["start"] = formatUtc(b.start);
          buckets.push_back(std::move(j));
        }
        json numbers = json::array();
        for (const auto& n : rep->numbers) {
          numbers.push_back(
              {{"number", n.number}, {"late_calls", n.late_calls}, {"stray_calls", n.stray_calls}});
        }
        return Response::json(200, {{"pool_id", rep->pool.id},
                                    {"from", formatUtc(rep->query.from)},
                                    {"to", formatUtc(rep->query.to)},
                                    {"step_sec", rep->query.step.count()},
                                    {"size", rep->size},
                                    {"total", minuteJson(rep->total)},
                                    {"buckets", buckets},
                                    {"numbers", numbers}});
      },
      "pool_telemetry");

  router.get(
      "/api/v1/pools/{id}/recommendation",
      [&ctx, svc](Request& req) -> Response {
        auto call = openItem(ctx, req, false);
        if (!call) return call.problem();
        FieldErrors errs;
        WallTime from, to;
        readRange(req, ctx.clock, hours(24 * 7), from, to, errs);
        double target = 0.8;
        int margin = 1;
        if (const std::string* v = req.queryValue("target")) {
          auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), target);
          if (ec != std::errc() || ptr != v->data() + v->size() || !(target > 0 && target <= 1)) {
            errs.add("target", "must be a share above 0 and at most 1 (0.8 = 80%)");
          }
        }
        if (const std::string* v = req.queryValue("margin")) {
          auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), margin);
          if (ec != std::errc() || ptr != v->data() + v->size() || margin < 0 || margin > 100000) {
            errs.add("margin", "must be a whole number of spare numbers, 0 to 100000");
          }
        }
        if (!errs.empty()) return errs.toResponse();
        auto r = svc->recommend(*call->tx, call->principal, call->id, from, to, target, margin);
        if (!r) return problem(r.error());
        const auto& in = r->in;
        json inputs = {
            {"from", formatUtc(from)},
            {"to", formatUtc(to)},
            {"current_size", in.current_size},
            {"busy_hour", in.busy_hour_visits > 0 ? json(formatUtc(in.busy_hour)) : json(nullptr)},
            {"busy_hour_visits", in.busy_hour_visits},
            {"leases_ended", in.leases_ended},
            {"mean_lease_sec", in.leases_ended > 0 ? json(in.mean_lease_sec) : json(nullptr)},
            {"cooldown_sec", in.cooldown_sec},
            {"target_utilisation", in.target_utilisation},
            {"margin", in.margin}};
        json out = {
            {"pool_id", call->id},
            {"inputs", inputs},
            {"formula", "size = ceil(λ × (mean lease + cooldown) / target) + margin"},
            {"enough_data", r->enough_data},
            {"arrival_per_sec", r->enough_data ? json(r->arrival_per_sec) : json(nullptr)},
            {"hold_sec", r->enough_data ? json(r->hold_sec) : json(nullptr)},
            {"in_use", r->enough_data ? json(r->in_use) : json(nullptr)},
            {"recommended_size", r->enough_data ? json(r->recommended_size) : json(nullptr)},
            {"change",
             r->enough_data ? json(r->recommended_size - in.current_size) : json(nullptr)},
            {"explanation", r->explanation}};
        return Response::json(200, out);
      },
      "pool_recommendation");
}

}  // namespace hk::api
