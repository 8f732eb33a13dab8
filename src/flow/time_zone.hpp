#pragma once
// IANA time zones read from the system tz database (/usr/share/zoneinfo, TZif files, RFC
// 8536), because GCC 12's libstdc++ has no std::chrono::locate_zone/zoned_time (GCC 14 has),
// and localtime_r with a per-call TZ is not thread-safe. A TimeZone is immutable once loaded:
// share it between threads freely. Leap-second ("right/") zones are refused.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hk::flow {

namespace detail {
struct PosixTz;
}

class TimeZone {
 public:
  // Parses the bytes of a TZif file (versions 1 to 4); `name` names it in messages.
  static Result<TimeZone> fromTzif(std::string name, std::string_view bytes);
  static TimeZone utc();

  TimeZone(const TimeZone&);
  TimeZone(TimeZone&&) noexcept;
  TimeZone& operator=(const TimeZone&);
  TimeZone& operator=(TimeZone&&) noexcept;
  ~TimeZone();

  const std::string& name() const { return name_; }
  // Offset from UTC in force at `t` (+09:00 for Asia/Tokyo).
  std::chrono::seconds offsetAt(std::chrono::sys_seconds t) const;
  std::chrono::local_seconds toLocal(std::chrono::sys_seconds t) const;
  // The first instant after `t` at which the offset changes, if any.
  std::optional<std::chrono::sys_seconds> nextTransition(std::chrono::sys_seconds t) const;

 private:
  TimeZone() = default;
  std::string name_;
  std::vector<int64_t> times_;             // offset changes, ascending (UTC seconds)
  std::vector<int32_t> offsets_;           // offsets_[i]: in force from times_[i]
  int32_t initial_offset_ = 0;             // before times_[0]
  std::unique_ptr<detail::PosixTz> rule_;  // after the last change; null: the last offset stays
};

// Loads zones by IANA name from a tz database directory, once each.
class TimeZoneDb {
 public:
  explicit TimeZoneDb(std::string dir = "/usr/share/zoneinfo");
  // `name` is untrusted ("Asia/Tokyo", "UTC"): only letters, digits, '_', '-', '+' and '/'
  // between non-empty parts are accepted, so it can never leave the directory.
  Result<std::shared_ptr<const TimeZone>> get(const std::string& name);
  // The process-wide database over /usr/share/zoneinfo.
  static TimeZoneDb& system();

 private:
  std::string dir_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> cache_;
};

// True when `name` has the shape of an IANA zone name (it may still not exist).
bool isTimeZoneName(std::string_view name);

}  // namespace hk::flow
