#include "service/pool_telemetry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace hk::service {

namespace {
constexpr int64_t kHourMs = 3'600'000;
constexpr size_t kMaxBuckets = 5000;

std::string hourText(WallTime t) { return formatUtc(t).substr(0, 16) + " UTC"; }

std::string figure(double v) {
  if (v >= 100) return fmt::format("{:.0f}", v);
  if (v >= 10) return fmt::format("{:.1f}", v);
  return fmt::format("{:.2f}", v);
}
}  // namespace

RecommendationInputs measure(const std::vector<store::PoolMinute>& minutes) {
  RecommendationInputs in;
  std::map<int64_t, int64_t> hours;
  int64_t lease_ms = 0;
  for (const auto& m : minutes) {
    const int64_t ms = toMillis(m.minute);
    hours[ms - (((ms % kHourMs) + kHourMs) % kHourMs)] += m.issued + m.overflow + m.default_served;
    in.leases_ended += m.leases_ended;
    lease_ms += m.lease_ms;
  }
  for (const auto& [start, visits] : hours) {
    if (visits > in.busy_hour_visits) {
      in.busy_hour_visits = visits;
      in.busy_hour = fromMillis(start);
    }
  }
  if (in.leases_ended > 0) {
    in.mean_lease_sec =
        static_cast<double>(lease_ms) / 1000.0 / static_cast<double>(in.leases_ended);
  }
  return in;
}

Recommendation recommendSize(const RecommendationInputs& in) {
  Recommendation r;
  r.in = in;
  if (in.busy_hour_visits == 0) {
    r.explanation =
        "No visitor asked this pool for a number in the period, so there is nothing to size it "
        "by yet.";
    return r;
  }
  if (in.leases_ended == 0) {
    r.explanation = fmt::format(
        "Visitors asked for {} numbers in the busiest hour ({}), but no lease has ended in the "
        "period yet, so how long a visitor keeps a number is not known: ask again later.",
        in.busy_hour_visits, hourText(in.busy_hour));
    return r;
  }
  const double target =
      in.target_utilisation > 0 && in.target_utilisation <= 1 ? in.target_utilisation : 0.8;
  r.enough_data = true;
  r.arrival_per_sec = static_cast<double>(in.busy_hour_visits) / 3600.0;
  r.hold_sec = in.mean_lease_sec + in.cooldown_sec;
  r.in_use = r.arrival_per_sec * r.hold_sec;
  // A tiny epsilon keeps 8.0000001 (floating point) from becoming 9.
  r.recommended_size =
      static_cast<int64_t>(std::ceil(r.in_use / target - 1e-9)) + std::max(0, in.margin);
  r.recommended_size = std::max<int64_t>(r.recommended_size, 1);
  std::string advice;
  if (in.dynamic) {
    advice =
        r.recommended_size <= in.current_size
            ? fmt::format("its suffix digits give {} numbers, which is enough", in.current_size)
            : fmt::format("its suffix digits give only {}: add a digit", in.current_size);
  } else if (r.recommended_size > in.current_size) {
    advice =
        fmt::format("it has {}, so add {}", in.current_size, r.recommended_size - in.current_size);
  } else if (r.recommended_size < in.current_size) {
    advice = fmt::format("it has {}, so {} could go", in.current_size,
                         in.current_size - r.recommended_size);
  } else {
    advice = fmt::format("it has exactly {}", in.current_size);
  }
  r.explanation = fmt::format(
      "In the busiest hour ({}) visitors asked for {} numbers ({} a minute). A visitor kept a "
      "number {} seconds on average and the number then rested {} seconds before reuse, so by "
      "Little's law about {} numbers were in use at once. To stay at {}% use at that hour the "
      "pool needs {} numbers ({} spare included); {}.",
      hourText(in.busy_hour), in.busy_hour_visits, figure(r.arrival_per_sec * 60),
      figure(in.mean_lease_sec), in.cooldown_sec, figure(r.in_use),
      static_cast<int>(std::lround(target * 100)), r.recommended_size, std::max(0, in.margin),
      advice);
  return r;
}

Result<std::vector<store::PoolMinute>> PoolTelemetry::minutes(
    store::Tx& tx, domain::Id id, WallTime from, WallTime to,
    std::vector<store::NumberCalls>* numbers) {
  auto stored = tx.telemetry().minutes(id, from, to);
  if (!stored) return stored.error();
  std::map<int64_t, store::PoolMinute> merged;
  for (const auto& m : *stored) merged[toMillis(m.minute)] = m;
  const tracking::TelemetryBatch live = registry_.telemetryPending(id);
  for (const auto& m : live.minutes) {
    if (m.minute < from || m.minute >= to) continue;
    auto [it, added] = merged.try_emplace(toMillis(m.minute), m);
    if (!added) it->second.add(m);
  }
  if (numbers) {
    auto calls = tx.telemetry().numberCalls(id, from, to);
    if (!calls) return calls.error();
    std::map<std::string, store::NumberCalls> by;
    for (const auto& n : *calls) by[n.number] = n;
    for (const auto& n : live.numbers) {
      if (n.minute < from || n.minute >= to) continue;
      auto [it, added] = by.try_emplace(n.number, n);
      if (!added) {
        it->second.late_calls += n.late_calls;
        it->second.stray_calls += n.stray_calls;
      }
    }
    numbers->clear();
    for (auto& [number, n] : by) numbers->push_back(std::move(n));
    std::stable_sort(numbers->begin(), numbers->end(), [](const auto& a, const auto& b) {
      return a.late_calls + a.stray_calls > b.late_calls + b.stray_calls;
    });
  }
  std::vector<store::PoolMinute> out;
  out.reserve(merged.size());
  for (auto& [ms, m] : merged) out.push_back(std::move(m));
  return out;
}

Result<PoolTelemetryReport> PoolTelemetry::report(store::Tx& tx, const domain::Principal& p,
                                                  domain::Id id, const TelemetryQuery& q) {
  auto pool = pools_.get(tx, p, id);
  if (!pool) return pool.error();
  const int64_t step_ms = q.step.count() * 1000;
  if (step_ms <= 0 || step_ms % 60'000 != 0) {
    return fail(Code::Invalid, "must be a whole number of minutes", "step");
  }
  if (q.to <= q.from) return fail(Code::Invalid, "must be after from", "to");
  const int64_t span = toMillis(q.to) - toMillis(q.from);
  const auto count = static_cast<size_t>((span + step_ms - 1) / step_ms);
  if (count > kMaxBuckets) {
    return fail(
        Code::Invalid,
        fmt::format("gives {} buckets; at most {} (take a longer step)", count, kMaxBuckets),
        "step");
  }
  PoolTelemetryReport out;
  out.pool = *pool;
  out.query = q;
  out.size = tracking::poolCapacity(*pool);
  auto rows = minutes(tx, id, q.from, q.to, &out.numbers);
  if (!rows) return rows.error();
  out.buckets.resize(count);
  for (size_t i = 0; i < count; ++i) {
    out.buckets[i].start = q.from + std::chrono::milliseconds(static_cast<int64_t>(i) * step_ms);
    out.buckets[i].sum.pool_id = id;
    out.buckets[i].sum.minute = out.buckets[i].start;
    out.buckets[i].sum.size = out.size;
  }
  out.total.pool_id = id;
  out.total.minute = q.from;
  for (const auto& m : *rows) {
    const auto i = static_cast<size_t>((toMillis(m.minute) - toMillis(q.from)) / step_ms);
    if (i >= count) continue;
    store::PoolMinute part = m;
    part.minute = out.buckets[i].start;
    out.buckets[i].sum.add(part);
    out.total.add(part);
  }
  out.total.size = out.size;
  return out;
}

Result<Recommendation> PoolTelemetry::recommend(store::Tx& tx, const domain::Principal& p,
                                                domain::Id id, WallTime from, WallTime to,
                                                double target, int margin) {
  auto pool = pools_.get(tx, p, id);
  if (!pool) return pool.error();
  if (!(target > 0 && target <= 1)) {
    return fail(Code::Invalid, "must be above 0 and at most 1", "target");
  }
  if (margin < 0 || margin > 100000) return fail(Code::Invalid, "must be 0 to 100000", "margin");
  if (to <= from) return fail(Code::Invalid, "must be after from", "to");
  auto rows = minutes(tx, id, from, to, nullptr);
  if (!rows) return rows.error();
  RecommendationInputs in = measure(*rows);
  in.current_size = tracking::poolCapacity(*pool);
  in.dynamic = pool->mode == store::PoolMode::Dynamic;
  in.cooldown_sec = pool->cooldown_sec;
  in.target_utilisation = target;
  in.margin = margin;
  return recommendSize(in);
}

}  // namespace hk::service
