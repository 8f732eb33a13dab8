#pragma once
// MD5 (RFC 1321), for HTTP/SIP digest authentication only (RFC 2617, RFC 7616 still name
// it). Not for anything that needs collision resistance.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hk::sip::detail {

class Md5 {
 public:
  using Digest = std::array<uint8_t, 16>;

  Md5();
  void update(std::string_view data);
  // The digest of everything fed so far; the object must not be updated afterwards.
  Digest finish();

 private:
  void block(const uint8_t* p);

  std::array<uint32_t, 4> state_;
  std::array<uint8_t, 64> buffer_{};
  size_t buffered_ = 0;
  uint64_t length_ = 0;  // bytes
};

Md5::Digest md5(std::string_view data);
// Lower-case hex of the MD5 of `data` (32 characters).
std::string md5Hex(std::string_view data);

}  // namespace hk::sip::detail
