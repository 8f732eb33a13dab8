#include "secure/password.hpp"

#include <sodium.h>

#include "secure/sodium.hpp"

namespace hk::secure {
namespace {

// The policy allows 256 code points of at most 4 bytes each.
constexpr size_t kMaxPasswordBytes = kPasswordMaxChars * 4;

// Counts the code points of valid UTF-8 (no overlong forms, no surrogates, <= U+10FFFF);
// returns false on invalid input.
bool countUtf8(std::string_view s, size_t& count) {
  count = 0;
  size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    unsigned cp = 0;
    unsigned min = 0;
    if (b < 0x80) {
      len = 1, cp = b, min = 0;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2, cp = b & 0x1Fu, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3, cp = b & 0x0Fu, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4, cp = b & 0x07u, min = 0x10000;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
    ++count;
  }
  return true;
}

}  // namespace

PasswordCost PasswordCost::interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

PasswordCost PasswordCost::minimum() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

Status checkPasswordPolicy(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return fail(Error::invalid("password must be at most 256 characters", "password"));
  }
  size_t chars = 0;
  if (!countUtf8(password, chars)) {
    return fail(Error::invalid("password must be valid UTF-8 text", "password"));
  }
  if (chars < kPasswordMinChars) {
    return fail(Error::invalid("password must be at least 10 characters", "password"));
  }
  if (chars > kPasswordMaxChars) {
    return fail(Error::invalid("password must be at most 256 characters", "password"));
  }
  return ok();
}

Result<std::string> hashPassword(std::string_view password, PasswordCost cost) {
  if (auto st = checkPasswordPolicy(password); !st) return st.error();
  if (auto st = initSodium(); !st) return st.error();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.opsLimit, cost.memLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return fail(Error::unavailable("cannot hash password: argon2id ran out of memory"));
  }
  return std::string(out);
}

bool verifyPassword(std::string_view hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (password.size() > kMaxPasswordBytes) return false;
  if (!initSodium()) return false;
  std::string h(hash);  // crypto_pwhash_str_verify wants a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool passwordNeedsRehash(std::string_view hash, PasswordCost cost) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return true;
  if (!initSodium()) return true;
  std::string h(hash);
  // crypto_pwhash_str_needs_rehash: 0 = current, 1 = other parameters, -1 = not argon2id.
  return crypto_pwhash_argon2id_str_needs_rehash(h.c_str(), cost.opsLimit, cost.memLimit) != 0;
}

}  // namespace hk::secure
