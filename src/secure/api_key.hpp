#pragma once
// API keys and session tokens: random secrets shown once, stored only as keyed BLAKE2b-256
// hashes (checking one costs microseconds, unlike a password hash).
//
// API key: `hk_<prefix>_<secret>`, prefix 8 chars [a-z0-9] stored in clear to find the row,
// secret 32 chars base62 from the CSPRNG (about 190 bits).
#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "secure/keyfile.hpp"
#include "secure/sodium.hpp"  // constantTimeEqual() for comparing hashes

namespace hk::secure {

inline constexpr size_t kApiKeyPrefixChars = 8;
inline constexpr size_t kApiKeySecretChars = 32;
inline constexpr size_t kApiKeyChars = 3 + kApiKeyPrefixChars + 1 + kApiKeySecretChars;  // 44
inline constexpr size_t kSessionTokenChars = 43;  // 32 random bytes, base64url, no padding

struct ApiKey {
  std::string full;    // shown to the user once, never stored or logged
  std::string prefix;  // stored in clear, unique per key (regenerate on a clash)
};

struct ParsedApiKey {
  std::string prefix;
  std::string full;
};

ApiKey generateApiKey();

// Checks the shape only (length, `hk_`, alphabets), without touching the database.
// Unauthorized for anything else; the message never repeats the input.
Result<ParsedApiKey> parseApiKey(std::string_view text);

// Hex of keyed BLAKE2b-256 (API-key sub-key) over the full key. Compare stored and computed
// hashes with constantTimeEqual().
std::string hashApiKey(const KeyRing& keys, std::string_view full);

struct SessionToken {
  std::string token;  // goes into the cookie only
  std::string hash;   // goes into the database
};

SessionToken newSessionToken(const KeyRing& keys);
// Hex of keyed BLAKE2b-256 (session sub-key) over the token.
std::string hashSessionToken(const KeyRing& keys, std::string_view token);
// True for 43 characters of [A-Za-z0-9_-]: lets a bad cookie be refused cheaply.
bool isSessionTokenShape(std::string_view token);

}  // namespace hk::secure
