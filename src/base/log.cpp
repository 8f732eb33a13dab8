#include "base/log.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <mutex>

namespace hk::log {
namespace {

std::mutex g_mu;
spdlog::sink_ptr g_sink;
std::string g_pattern = "%Y-%m-%dT%H:%M:%S.%eZ level=%l logger=%n %v";
spdlog::level::level_enum g_level = spdlog::level::info;

spdlog::sink_ptr sinkLocked() {
  if (!g_sink) g_sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  return g_sink;
}

}  // namespace

bool validLevel(std::string_view level) {
  return level == "trace" || level == "debug" || level == "info" || level == "warn" ||
         level == "error" || level == "off";
}

void setup(const std::string& level, Format format, const std::string& file) {
  std::lock_guard lk(g_mu);
  g_sink = file.empty()
               ? spdlog::sink_ptr(std::make_shared<spdlog::sinks::stderr_sink_mt>())
               : spdlog::sink_ptr(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file, false));
  g_pattern = format == Format::Json
                  ? R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","logger":"%n","msg":"%v"})"
                  : "%Y-%m-%dT%H:%M:%S.%eZ level=%l logger=%n %v";
  g_level = spdlog::level::from_str(level);
  spdlog::set_pattern(g_pattern, spdlog::pattern_time_type::utc);
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) {
    l->sinks().clear();
    l->sinks().push_back(g_sink);
    l->set_level(g_level);
    l->set_pattern(g_pattern, spdlog::pattern_time_type::utc);
  });
}

void setLevel(const std::string& level) {
  std::lock_guard lk(g_mu);
  g_level = spdlog::level::from_str(level);
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { l->set_level(g_level); });
}

std::shared_ptr<spdlog::logger> get(const std::string& name) {
  std::lock_guard lk(g_mu);
  if (auto l = spdlog::get(name)) return l;
  auto l = std::make_shared<spdlog::logger>(name, sinkLocked());
  l->set_level(g_level);
  l->set_pattern(g_pattern, spdlog::pattern_time_type::utc);
  spdlog::register_logger(l);
  return l;
}

std::string maskNumber(std::string_view number) {
  std::string out(number);
  size_t digits = 0;
  for (char c : out) digits += (c >= '0' && c <= '9');
  if (digits == 0) return out;
  size_t keep_head = digits >= 10 ? 3 : 0;
  size_t keep_tail = digits >= 10 ? 4 : (digits >= 6 ? 2 : 0);
  size_t i = 0;
  for (char& c : out) {
    if (c < '0' || c > '9') continue;
    if (i >= keep_head && i < digits - keep_tail) c = '*';
    ++i;
  }
  return out;
}

}  // namespace hk::log
