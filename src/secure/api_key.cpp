#include "secure/api_key.hpp"

#include <sodium.h>

#include <array>

namespace hk::secure {
namespace {

constexpr std::string_view kBase62 =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kPrefixAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

// Uniform characters: randombytes_uniform() has no modulo bias.
std::string randomChars(std::string_view alphabet, size_t n) {
  std::string s(n, '0');
  for (char& c : s) c = alphabet[randombytes_uniform(static_cast<uint32_t>(alphabet.size()))];
  return s;
}

bool isPrefixChar(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); }
bool isBase62(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isBase64Url(char c) { return isBase62(c) || c == '-' || c == '_'; }

}  // namespace

ApiKey generateApiKey() {
  requireSodium();
  ApiKey key;
  key.prefix = randomChars(kPrefixAlphabet, kApiKeyPrefixChars);
  std::string secret = randomChars(kBase62, kApiKeySecretChars);
  key.full.reserve(kApiKeyChars);
  key.full += "hk_";
  key.full += key.prefix;
  key.full += '_';
  key.full += secret;
  sodium_memzero(secret.data(), secret.size());
  return key;
}

Result<ParsedApiKey> parseApiKey(std::string_view text) {
  auto bad = [] { return fail(Code::Unauthorized, "malformed API key"); };
  if (text.size() != kApiKeyChars || text.substr(0, 3) != "hk_") return bad();
  std::string_view prefix = text.substr(3, kApiKeyPrefixChars);
  if (text[3 + kApiKeyPrefixChars] != '_') return bad();
  for (char c : prefix) {
    if (!isPrefixChar(c)) return bad();
  }
  for (char c : text.substr(3 + kApiKeyPrefixChars + 1)) {
    if (!isBase62(c)) return bad();
  }
  return ParsedApiKey{std::string(prefix), std::string(text)};
}

std::string hashApiKey(const KeyRing& keys, std::string_view full) {
  return keyedHashHex(keys.apiKeyHashKey(), full);
}

SessionToken newSessionToken(const KeyRing& keys) {
  requireSodium();
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::string b64(sodium_base64_encoded_len(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(b64.data(), b64.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(raw.data(), raw.size());
  b64.pop_back();  // the terminating NUL
  SessionToken t;
  t.hash = hashSessionToken(keys, b64);
  t.token = std::move(b64);
  return t;
}

std::string hashSessionToken(const KeyRing& keys, std::string_view token) {
  return keyedHashHex(keys.sessionTokenKey(), token);
}

bool isSessionTokenShape(std::string_view token) {
  if (token.size() != kSessionTokenChars) return false;
  for (char c : token) {
    if (!isBase64Url(c)) return false;
  }
  return true;
}

}  // namespace hk::secure
