#include "base/clock.hpp"

#include <cstdio>
#include <ctime>

namespace hk {

WallTime SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}
MonoTime SystemClock::mono() const { return std::chrono::steady_clock::now(); }
SystemClock& SystemClock::instance() {
  static SystemClock c;
  return c;
}

std::string formatUtc(WallTime t) {
  int64_t ms = toMillis(t);
  int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  int msec = static_cast<int>(ms - secs * 1000);
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, msec);
  return buf;
}

bool parseUtc(const std::string& s, WallTime& out) {
  int y, mo, d, h, mi, sec;
  int consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &consumed) !=
      6) {
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return false;
  const char* p = s.c_str() + consumed;
  int msec = 0;
  if (*p == '.') {
    ++p;
    int digits = 0;
    while (*p >= '0' && *p <= '9') {
      if (digits < 3) msec = msec * 10 + (*p - '0');
      ++digits;
      ++p;
    }
    if (digits == 0) return false;
    for (int i = digits; i < 3; ++i) msec *= 10;
  }
  int offset_min = 0;
  if (*p == 'Z') {
    ++p;
  } else if (*p == '+' || *p == '-') {
    int oh, om;
    if (std::sscanf(p + 1, "%2d:%2d", &oh, &om) != 2) return false;
    offset_min = (oh * 60 + om) * (*p == '+' ? 1 : -1);
    p += 6;
  } else {
    return false;
  }
  if (*p != '\0') return false;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  int64_t secs = static_cast<int64_t>(timegm(&tm)) - offset_min * 60;
  out = fromMillis(secs * 1000 + msec);
  return true;
}

}  // namespace hk
