#include "flow/time_zone.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <fstream>
#include <sstream>

#include "flow/detail/posix_tz.hpp"

namespace hk::flow {
namespace {

using namespace std::chrono;

constexpr size_t kMaxTzifBytes = 1 << 20;
constexpr int32_t kMaxOffset = 26 * 3600;

// Big-endian reads over a byte string that never go past its end.
class Bytes {
 public:
  explicit Bytes(std::string_view b) : b_(b) {}
  bool has(size_t n) const { return n <= b_.size() - i_; }
  size_t pos() const { return i_; }
  void skip(size_t n) { i_ += n; }
  uint8_t u8() { return static_cast<uint8_t>(b_[i_++]); }
  int64_t be(int width) {
    uint64_t v = 0;
    for (int k = 0; k < width; ++k) v = (v << 8) | u8();
    if (width == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    return static_cast<int64_t>(v);
  }
  std::string_view rest() const { return b_.substr(i_); }

 private:
  std::string_view b_;
  size_t i_ = 0;
};

struct Header {
  char version = 0;
  int64_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

Result<Header> readHeader(Bytes& in) {
  if (!in.has(44) || in.rest().substr(0, 4) != "TZif") {
    return fail(Code::Invalid, "not a TZif file");
  }
  in.skip(4);
  Header h;
  h.version = static_cast<char>(in.u8());
  in.skip(15);
  h.isut = in.be(4);
  h.isstd = in.be(4);
  h.leap = in.be(4);
  h.time = in.be(4);
  h.type = in.be(4);
  h.chars = in.be(4);
  if (h.isut < 0 || h.isstd < 0 || h.leap < 0 || h.time < 0 || h.type < 1 || h.type > 256 ||
      h.chars < 0) {
    return fail(Code::Invalid, "bad TZif header counts");
  }
  return h;
}

size_t blockSize(const Header& h, int time_width) {
  return static_cast<size_t>(h.time * time_width + h.time + h.type * 6 + h.chars +
                             h.leap * (time_width + 4) + h.isstd + h.isut);
}

}  // namespace

TimeZone::TimeZone(const TimeZone& o)
    : name_(o.name_),
      times_(o.times_),
      offsets_(o.offsets_),
      initial_offset_(o.initial_offset_),
      rule_(o.rule_ ? std::make_unique<detail::PosixTz>(*o.rule_) : nullptr) {}
TimeZone::TimeZone(TimeZone&&) noexcept = default;
TimeZone& TimeZone::operator=(const TimeZone& o) {
  if (this != &o) *this = TimeZone(o);
  return *this;
}
TimeZone& TimeZone::operator=(TimeZone&&) noexcept = default;
TimeZone::~TimeZone() = default;

TimeZone TimeZone::utc() {
  TimeZone tz;
  tz.name_ = "UTC";
  return tz;
}

Result<TimeZone> TimeZone::fromTzif(std::string name, std::string_view bytes) {
  auto bad = [&name](const std::string& why) {
    return fail(Code::Invalid, "time zone " + name + ": " + why);
  };
  Bytes in(bytes);
  auto h = readHeader(in);
  if (!h) return bad(h.error().message);
  int width = 4;
  if (h->version >= '2') {  // skip the 32-bit block, read the 64-bit one
    if (!in.has(blockSize(*h, 4))) return bad("truncated");
    in.skip(blockSize(*h, 4));
    h = readHeader(in);
    if (!h) return bad(h.error().message);
    width = 8;
  }
  if (h->leap != 0) return bad("leap-second zones are not supported");
  if (!in.has(blockSize(*h, width))) return bad("truncated");
  size_t block_start = in.pos();

  std::vector<int64_t> times(static_cast<size_t>(h->time));
  for (auto& t : times) t = in.be(width);
  std::vector<uint8_t> idx(static_cast<size_t>(h->time));
  for (auto& i : idx) i = in.u8();
  std::vector<int32_t> type_offsets(static_cast<size_t>(h->type));
  for (auto& o : type_offsets) {
    o = static_cast<int32_t>(in.be(4));
    in.skip(2);  // isdst, abbreviation index: not needed
    if (o < -kMaxOffset || o > kMaxOffset) return bad("offset out of range");
  }
  in.skip(block_start + blockSize(*h, width) - in.pos());  // abbreviations, leap, std/ut

  TimeZone tz;
  tz.initial_offset_ = type_offsets[0];
  int32_t current = tz.initial_offset_;
  for (size_t k = 0; k < times.size(); ++k) {
    if (idx[k] >= type_offsets.size()) return bad("bad local time type index");
    if (k > 0 && times[k] <= times[k - 1]) return bad("transitions out of order");
    int32_t off = type_offsets[idx[k]];
    if (off == current) continue;  // only the abbreviation or isdst changed
    tz.times_.push_back(times[k]);
    tz.offsets_.push_back(off);
    current = off;
  }

  if (width == 8) {  // footer: "\n<POSIX TZ rule>\n"
    auto rest = in.rest();
    size_t end = rest.size() >= 2 && rest[0] == '\n' ? rest.find('\n', 1) : std::string::npos;
    if (end == std::string_view::npos) return bad("missing TZif footer");
    auto rule_text = rest.substr(1, end - 1);
    if (!rule_text.empty()) {
      auto rule = detail::parsePosixTz(rule_text);
      if (!rule) return bad("unsupported TZ rule " + std::string(rule_text.substr(0, 40)));
      tz.rule_ = std::make_unique<detail::PosixTz>(*rule);
    }
  }
  tz.name_ = std::move(name);
  return tz;
}

seconds TimeZone::offsetAt(sys_seconds t) const {
  int64_t s = t.time_since_epoch().count();
  bool in_table = !times_.empty() && (s < times_.back() || !rule_);
  if (in_table || !rule_) {
    if (times_.empty() || s < times_.front()) return seconds{initial_offset_};
    auto it = std::upper_bound(times_.begin(), times_.end(), s);
    return seconds{offsets_[static_cast<size_t>(it - times_.begin()) - 1]};
  }
  int y = static_cast<int>(year_month_day{floor<days>(t)}.year());
  int32_t off = rule_->std_offset;
  int64_t latest = INT64_MIN;
  for (int yy = y - 1; yy <= y + 1; ++yy) {
    for (const auto& c : rule_->changesIn(yy)) {
      if (c.at <= s && c.at > latest) {
        latest = c.at;
        off = c.offset;
      }
    }
  }
  return seconds{off};
}

local_seconds TimeZone::toLocal(sys_seconds t) const {
  return local_seconds{(t + offsetAt(t)).time_since_epoch()};
}

std::optional<sys_seconds> TimeZone::nextTransition(sys_seconds t) const {
  int64_t s = t.time_since_epoch().count();
  if (!times_.empty() && (s < times_.back() || !rule_)) {
    auto it = std::upper_bound(times_.begin(), times_.end(), s);
    if (it != times_.end()) return sys_seconds{seconds{*it}};
  }
  if (!rule_ || !rule_->dst_offset) return std::nullopt;
  int y = static_cast<int>(year_month_day{floor<days>(t)}.year());
  std::vector<detail::PosixTz::Change> changes;
  for (int yy = y - 1; yy <= y + 1; ++yy) {
    auto c = rule_->changesIn(yy);
    changes.insert(changes.end(), c.begin(), c.end());
  }
  std::sort(changes.begin(), changes.end(),
            [](const auto& a, const auto& b) { return a.at < b.at; });
  for (const auto& c : changes) {
    if (c.at > s && offsetAt(sys_seconds{seconds{c.at - 1}}).count() != c.offset) {
      return sys_seconds{seconds{c.at}};
    }
  }
  return std::nullopt;
}

bool isTimeZoneName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  size_t part = 0;
  for (char c : name) {
    if (c == '/') {
      if (part == 0) return false;
      part = 0;
      continue;
    }
    bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '+' ||
              (c == '-' && part > 0);
    if (!ok) return false;
    ++part;
  }
  return part > 0;
}

TimeZoneDb::TimeZoneDb(std::string dir) : dir_(std::move(dir)) {}

TimeZoneDb& TimeZoneDb::system() {
  static TimeZoneDb db;
  return db;
}

Result<std::shared_ptr<const TimeZone>> TimeZoneDb::get(const std::string& name) {
  if (!isTimeZoneName(name)) {
    return fail(Code::Invalid, "not an IANA time zone name like Asia/Tokyo: " + name);
  }
  std::lock_guard lock(mu_);
  if (auto it = cache_.find(name); it != cache_.end()) return it->second;
  std::ifstream f(dir_ + "/" + name, std::ios::binary);
  std::string bytes;
  if (f) {
    std::ostringstream ss;
    ss << f.rdbuf();
    bytes = ss.str();
  }
  if (bytes.empty()) return fail(Code::NotFound, "unknown time zone " + name);
  if (bytes.size() > kMaxTzifBytes) return fail(Code::Invalid, "time zone file too large: " + name);
  auto tz = TimeZone::fromTzif(name, bytes);
  if (!tz)
    return fail(Code::NotFound, "unknown time zone " + name + " (" + tz.error().message + ")");
  auto shared = std::make_shared<const TimeZone>(std::move(*tz));
  cache_.emplace(name, shared);
  return shared;
}

}  // namespace hk::flow
