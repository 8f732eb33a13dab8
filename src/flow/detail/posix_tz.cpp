#include "flow/detail/posix_tz.hpp"

#include <algorithm>
#include <cctype>

namespace hk::flow::detail {
namespace {

using namespace std::chrono;

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool done() const { return i_ == s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  bool digit() const { return std::isdigit(static_cast<unsigned char>(peek())) != 0; }

  // "EST" (3+ letters) or "<+09>" (3+ letters, digits, + or - between angle brackets).
  bool name() {
    size_t start = i_;
    if (eat('<')) {
      while (!done() && peek() != '>') {
        char c = peek();
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-') return false;
        ++i_;
      }
      return i_ - start >= 4 && eat('>');
    }
    while (std::isalpha(static_cast<unsigned char>(peek())) != 0) ++i_;
    return i_ - start >= 3;
  }

  // 0..max_value, up to 3 digits.
  std::optional<int> number(int max_value) {
    if (!digit()) return std::nullopt;
    int v = 0;
    for (int n = 0; digit() && n < 3; ++n) v = v * 10 + (s_[i_++] - '0');
    if (v > max_value) return std::nullopt;
    return v;
  }

  // [+-]hh[:mm[:ss]] in seconds, hh <= max_hours.
  std::optional<int32_t> duration(int max_hours) {
    int sign = 1;
    if (eat('-')) {
      sign = -1;
    } else {
      eat('+');
    }
    auto h = number(max_hours);
    if (!h) return std::nullopt;
    int32_t v = *h * 3600;
    if (eat(':')) {
      auto m = number(59);
      if (!m) return std::nullopt;
      v += *m * 60;
      if (eat(':')) {
        auto sec = number(59);
        if (!sec) return std::nullopt;
        v += *sec;
      }
    }
    return sign * v;
  }

  std::optional<PosixTz::When> when() {
    PosixTz::When w;
    using Kind = PosixTz::When::Kind;
    if (eat('M')) {
      auto m = number(12);
      if (!m || *m < 1 || !eat('.')) return std::nullopt;
      auto wk = number(5);
      if (!wk || *wk < 1 || !eat('.')) return std::nullopt;
      auto d = number(6);
      if (!d) return std::nullopt;
      w.kind = Kind::MonthWeekDay;
      w.month = *m;
      w.week = *wk;
      w.day = *d;
    } else {
      bool julian1 = eat('J');
      auto n = number(365);
      if (!n || (julian1 && *n < 1)) return std::nullopt;
      w.kind = julian1 ? Kind::Julian1 : Kind::Julian0;
      w.day = *n;
    }
    if (eat('/')) {
      auto t = duration(167);
      if (!t) return std::nullopt;
      w.time = *t;
    }
    return w;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

sys_days dateOf(const PosixTz::When& w, int y) {
  using Kind = PosixTz::When::Kind;
  sys_days jan1{year{y} / January / 1};
  switch (w.kind) {
    case Kind::Julian1: {
      bool skip_feb29 = year{y}.is_leap() && w.day >= 60;
      return jan1 + days{w.day - 1 + (skip_feb29 ? 1 : 0)};
    }
    case Kind::Julian0: return jan1 + days{w.day};
    case Kind::MonthWeekDay: {
      auto ym = year{y} / month{static_cast<unsigned>(w.month)};
      weekday wd{static_cast<unsigned>(w.day)};
      if (w.week == 5) return sys_days{ym / weekday_last{wd}};
      return sys_days{ym / wd[static_cast<unsigned>(w.week)]};
    }
  }
  return jan1;
}

}  // namespace

std::vector<PosixTz::Change> PosixTz::changesIn(int y) const {
  if (!dst_offset) return {};
  auto at = [y](const When& w, int32_t offset) {
    return sys_seconds{dateOf(w, y)}.time_since_epoch().count() + w.time - offset;
  };
  std::vector<Change> out = {{at(start, std_offset), *dst_offset},
                             {at(end, *dst_offset), std_offset}};
  std::sort(out.begin(), out.end(), [](const Change& a, const Change& b) { return a.at < b.at; });
  return out;
}

std::optional<PosixTz> parsePosixTz(std::string_view s) {
  Reader r(s);
  PosixTz tz;
  if (!r.name()) return std::nullopt;
  auto std_off = r.duration(24);
  if (!std_off) return std::nullopt;
  tz.std_offset = -*std_off;
  if (r.done()) return tz;
  if (!r.name()) return std::nullopt;
  tz.dst_offset = tz.std_offset + 3600;
  if (r.digit() || r.peek() == '+' || r.peek() == '-') {
    auto dst_off = r.duration(24);
    if (!dst_off) return std::nullopt;
    tz.dst_offset = -*dst_off;
  }
  if (!r.eat(',')) return std::nullopt;  // TZif footers always give the rule
  auto start = r.when();
  if (!start || !r.eat(',')) return std::nullopt;
  auto end = r.when();
  if (!end || !r.done()) return std::nullopt;
  tz.start = *start;
  tz.end = *end;
  return tz;
}

}  // namespace hk::flow::detail
