#include "secure/sodium.hpp"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>

namespace hk::secure {

static_assert(crypto_generichash_KEYBYTES == kKeyBytes);
static_assert(crypto_kdf_KEYBYTES == kKeyBytes);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == kKeyBytes);

Key& Key::operator=(const Key& other) {
  if (this != &other) bytes_ = other.bytes_;
  return *this;
}

Key::~Key() { sodium_memzero(bytes_.data(), bytes_.size()); }

Key Key::random() {
  requireSodium();
  Key k;
  randombytes_buf(k.data(), k.size());
  return k;
}

Status initSodium() {
  // sodium_init() returns 0 on first success, 1 when already initialised, -1 on failure.
  static const int rc = sodium_init();
  if (rc < 0) return fail(Error::internal("libsodium failed to initialise (sodium_init)"));
  return ok();
}

void requireSodium() {
  if (!initSodium()) {
    std::fputs("hankyo: libsodium failed to initialise; refusing to continue\n", stderr);
    std::abort();
  }
}

std::string toHex(const unsigned char* data, size_t len) {
  std::string hex(len * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, len);
  hex.pop_back();
  return hex;
}

std::string keyedHashHex(const Key& key, std::string_view input) {
  requireSodium();
  std::array<unsigned char, crypto_generichash_BYTES> out{};
  static_assert(crypto_generichash_BYTES == 32);
  crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), key.data(), key.size());
  return toHex(out.data(), out.size());
}

bool constantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace hk::secure
