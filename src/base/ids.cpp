#include "base/ids.hpp"

#include <sodium.h>

namespace hk {
namespace {
constexpr char kAlnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

struct SodiumInit {
  SodiumInit() {
    if (sodium_init() < 0) std::abort();
  }
};
void ensureSodium() { static SodiumInit init; }
}  // namespace

std::string newTrnId() {
  ensureSodium();
  std::string s(24, '0');
  for (char& c : s) c = kAlnum[randombytes_uniform(62)];
  return s;
}

bool isTrnId(const std::string& s) {
  if (s.size() != 24) return false;
  for (char c : s) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (!ok) return false;
  }
  return true;
}

std::string randomHex(size_t bytes) {
  ensureSodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

}  // namespace hk
