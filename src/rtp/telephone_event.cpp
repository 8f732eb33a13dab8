#include "rtp/telephone_event.hpp"

#include "rtp/detail/bytes.hpp"

namespace hk::rtp {

Result<TelephoneEvent> parseTelephoneEvent(std::span<const uint8_t> payload) {
  if (payload.size() < 4)
    return fail(Code::Invalid, "telephone-event payload shorter than 4 bytes");
  if (payload.size() % 4 != 0) {
    return fail(Code::Invalid, "telephone-event payload is not a multiple of 4 bytes");
  }
  TelephoneEvent e;
  e.event = payload[0];
  e.end = (payload[1] & 0x80) != 0;
  e.volume = payload[1] & 0x3f;
  e.duration = detail::get16(payload.data() + 2);
  return e;
}

std::array<uint8_t, 4> buildTelephoneEvent(const TelephoneEvent& e) {
  std::array<uint8_t, 4> out{};
  out[0] = e.event;
  out[1] = static_cast<uint8_t>((e.end ? 0x80 : 0) | (e.volume & 0x3f));
  detail::put16(out.data() + 2, e.duration);
  return out;
}

std::optional<char> eventDigit(uint8_t event) {
  static constexpr char kDigits[] = "0123456789*#ABCD";
  if (event < 16) return kDigits[event];
  return std::nullopt;
}

std::optional<uint8_t> digitEvent(char digit) {
  if (digit >= '0' && digit <= '9') return static_cast<uint8_t>(digit - '0');
  if (digit == '*') return 10;
  if (digit == '#') return 11;
  if (digit >= 'A' && digit <= 'D') return static_cast<uint8_t>(12 + digit - 'A');
  if (digit >= 'a' && digit <= 'd') return static_cast<uint8_t>(12 + digit - 'a');
  return std::nullopt;
}

}  // namespace hk::rtp
