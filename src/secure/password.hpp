#pragma once
// Operator passwords: argon2id (libsodium crypto_pwhash_str_alg) and the length policy.
#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace hk::secure {

// argon2id cost. interactive() is the production setting (64 MiB, 2 passes); minimum() exists
// so tests stay fast.
struct PasswordCost {
  unsigned long long opsLimit;
  size_t memLimit;
  static PasswordCost interactive();
  static PasswordCost minimum();
};

inline constexpr size_t kPasswordMinChars = 10;
inline constexpr size_t kPasswordMaxChars = 256;

// 10..256 characters (UTF-8 code points) of valid UTF-8. Invalid, field "password".
Status checkPasswordPolicy(std::string_view password);

// The policy check, then a `$argon2id$...` string to store. Unavailable when memory for
// argon2 cannot be had.
Result<std::string> hashPassword(std::string_view password,
                                 PasswordCost cost = PasswordCost::interactive());

// True when `hash` is an argon2 string made from `password`. Junk hashes give false.
bool verifyPassword(std::string_view hash, std::string_view password);

// True when `hash` was made with another cost or algorithm: rehash at the next good login.
bool passwordNeedsRehash(std::string_view hash, PasswordCost cost = PasswordCost::interactive());

}  // namespace hk::secure
