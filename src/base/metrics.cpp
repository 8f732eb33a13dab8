#include "base/metrics.hpp"

#include <fmt/format.h>

namespace hk::metrics {

Counter& Registry::counter(const std::string& name, const std::string& help,
                           const std::string& labels) {
  std::lock_guard lk(mu_);
  auto& f = families_[name];
  f.help = help;
  f.is_counter = true;
  auto& slot = f.counters[labels];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Gauge& Registry::gauge(const std::string& name, const std::string& help,
                       const std::string& labels) {
  std::lock_guard lk(mu_);
  auto& f = families_[name];
  f.help = help;
  f.is_counter = false;
  auto& slot = f.gauges[labels];
  if (!slot) slot = std::make_unique<Gauge>();
  return *slot;
}

std::string Registry::render() const {
  std::lock_guard lk(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, f.help, name,
                       f.is_counter ? "counter" : "gauge");
    auto series = [&, &n = name](const std::string& labels) {
      return labels.empty() ? n : fmt::format("{}{{{}}}", n, labels);
    };
    for (const auto& [labels, c] : f.counters)
      out += fmt::format("{} {}\n", series(labels), c->value());
    for (const auto& [labels, g] : f.gauges)
      out += fmt::format("{} {}\n", series(labels), g->value());
  }
  return out;
}

}  // namespace hk::metrics
