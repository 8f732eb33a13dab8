#pragma once
// Logging facade over spdlog: one named logger per folder ("sip", "api", "store"...),
// key=value text by default or JSON lines. Caller numbers never reach a log unmasked:
// use maskNumber().
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

namespace hk::log {

enum class Format { Text, Json };

// Configures every logger: level name (trace, debug, info, warn, error, off), format,
// optional file (empty: stderr).
void setup(const std::string& level, Format format, const std::string& file = {});
bool validLevel(std::string_view level);
void setLevel(const std::string& level);
std::shared_ptr<spdlog::logger> get(const std::string& name);

// "09012345678" -> "090****5678": keeps the first 3 and last 4 digits of long numbers,
// hides everything in short ones.
std::string maskNumber(std::string_view number);

}  // namespace hk::log

#define HK_LOG_TRACE(lg, ...) SPDLOG_LOGGER_TRACE(lg, __VA_ARGS__)
#define HK_LOG_DEBUG(lg, ...) SPDLOG_LOGGER_DEBUG(lg, __VA_ARGS__)
#define HK_LOG_INFO(lg, ...) SPDLOG_LOGGER_INFO(lg, __VA_ARGS__)
#define HK_LOG_WARN(lg, ...) SPDLOG_LOGGER_WARN(lg, __VA_ARGS__)
#define HK_LOG_ERROR(lg, ...) SPDLOG_LOGGER_ERROR(lg, __VA_ARGS__)
