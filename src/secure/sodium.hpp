#pragma once
// Small libsodium helpers shared by the secure folder: one-time initialisation, hex,
// keyed BLAKE2b and constant-time comparison.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace hk::secure {

inline constexpr size_t kKeyBytes = 32;

// 32 bytes of secret key material, wiped (sodium_memzero) when destroyed or overwritten.
class Key {
 public:
  Key() = default;
  Key(const Key& other) : bytes_(other.bytes_) {}
  Key& operator=(const Key& other);
  ~Key();

  unsigned char* data() { return bytes_.data(); }
  const unsigned char* data() const { return bytes_.data(); }
  static constexpr size_t size() { return kKeyBytes; }

  // A fresh key from the OS CSPRNG.
  static Key random();

 private:
  std::array<unsigned char, kKeyBytes> bytes_{};
};

// Calls sodium_init() once per process (thread-safe). Fails only when the library cannot
// initialise (no randomness source).
Status initSodium();
// Same, for callers that cannot return an error: aborts when libsodium cannot start, since
// continuing would produce predictable keys.
void requireSodium();

// Lowercase hex of `len` bytes.
std::string toHex(const unsigned char* data, size_t len);

// Hex of keyed BLAKE2b-256 over `input`.
std::string keyedHashHex(const Key& key, std::string_view input);

// Constant-time equality for hashes and tokens (sodium_memcmp). Different lengths compare
// unequal at once: the length of a hash is not secret.
bool constantTimeEqual(std::string_view a, std::string_view b);

}  // namespace hk::secure
