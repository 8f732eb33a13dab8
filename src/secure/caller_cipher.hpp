#pragma once
// Caller numbers at rest: authenticated encryption with the active data key, and a keyed
// blind index over the normalised number for equality search.
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "secure/keyfile.hpp"

namespace hk::secure {

// The canonical form used for blind indexes: `tel:`/`sip:`/`sips:` prefixes (and a SIP URI's
// host and parameters) dropped, digits only (full-width digits count), and a Japanese country
// code (`+81`/`81` on 11+ digits, optionally followed by a trunk `0`) turned into a leading
// `0`. Withheld, anonymous or digit-less numbers give "".
std::string normalizeNumber(std::string_view number);

class CallerCipher {
 public:
  explicit CallerCipher(KeyRing keys) : keys_(std::move(keys)) {}

  // `v1.<key id>.<base64url(nonce || ciphertext)>`, XChaCha20-Poly1305 with the active data
  // key and "v1.<key id>" as associated data. An empty number stays "" (withheld caller).
  std::string encrypt(std::string_view number) const;
  // The number back. Invalid for a malformed text, NotFound for a key id the ring lacks,
  // Invalid for a ciphertext that fails authentication. "" decrypts to "".
  Result<std::string> decrypt(std::string_view text) const;
  // Hex of keyed BLAKE2b-256 over normalizeNumber(number); "" when that is empty.
  std::string blindIndex(std::string_view number) const;

  const KeyRing& keys() const { return keys_; }

 private:
  KeyRing keys_;
};

}  // namespace hk::secure
