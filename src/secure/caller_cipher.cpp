#include "secure/caller_cipher.hpp"

#include <sodium.h>

#include <vector>

#include "domain/phone.hpp"

namespace hk::secure {
namespace {

constexpr std::string_view kVersion = "v1.";
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
// Far above any caller id (a SIP message fits in 64 KiB); bounds what decrypt() allocates.
constexpr size_t kMaxTextBytes = 128 * 1024;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

bool startsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Drops a URI scheme and, for SIP URIs, the host and parameters, which may hold digits of
// their own (an IP address, a port).
std::string_view numberPart(std::string_view s) {
  s = trim(s);
  if (startsWithNoCase(s, "sips:")) {
    s.remove_prefix(5);
  } else if (startsWithNoCase(s, "sip:")) {
    s.remove_prefix(4);
  } else if (startsWithNoCase(s, "tel:")) {
    s.remove_prefix(4);
  } else {
    return s;
  }
  size_t end = s.find_first_of("@;?");
  return end == std::string_view::npos ? s : s.substr(0, end);
}

}  // namespace

std::string normalizeNumber(std::string_view number) {
  // Lenient on purpose: a caller id may come with a display text or junk around the digits,
  // and the result feeds stored blind indexes, so it must not change. Without '+': a
  // foreign number keeps its country code as plain digits.
  return domain::canonicalPhone({domain::extractDigits(numberPart(number)), false});
}

std::string CallerCipher::encrypt(std::string_view number) const {
  if (number.empty()) return {};
  requireSodium();
  std::string ad = "v1." + std::to_string(keys_.activeKeyId());
  std::vector<unsigned char> box(kNonceBytes + number.size() + kTagBytes);
  randombytes_buf(box.data(), kNonceBytes);
  unsigned long long ctLen = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(box.data() + kNonceBytes, &ctLen, bytes(number),
                                             number.size(), bytes(ad), ad.size(), nullptr,
                                             box.data(), keys_.activeDataKey().data());
  size_t b64Len = sodium_base64_encoded_len(box.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string b64(b64Len, '\0');
  sodium_bin2base64(b64.data(), b64.size(), box.data(), box.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  b64.pop_back();  // the terminating NUL
  return ad + "." + b64;
}

Result<std::string> CallerCipher::decrypt(std::string_view text) const {
  if (text.empty()) return std::string();
  requireSodium();
  if (text.size() > kMaxTextBytes) return fail(Error::invalid("encrypted number too long"));
  if (text.substr(0, kVersion.size()) != kVersion) {
    return fail(Error::invalid("encrypted number: unknown format (expected v1.<key id>.<data>)"));
  }
  size_t dot = text.find('.', kVersion.size());
  std::string_view idText =
      text.substr(kVersion.size(),
                  dot == std::string_view::npos ? std::string_view::npos : dot - kVersion.size());
  uint32_t id = 0;
  bool idOk = dot != std::string_view::npos && parseKeyId(idText, id);
  if (!idOk) return fail(Error::invalid("encrypted number: malformed key id"));
  const Key* key = keys_.dataKey(id);
  if (!key) {
    return fail(Error::notFound("encrypted number uses data key " + std::to_string(id) +
                                ", which the key file does not hold"));
  }
  std::string_view b64 = text.substr(dot + 1);
  if (b64.empty()) return fail(Error::invalid("encrypted number: no data"));
  std::vector<unsigned char> box(b64.size());  // decoded data is always shorter
  size_t boxLen = 0;
  if (sodium_base642bin(box.data(), box.size(), b64.data(), b64.size(), nullptr, &boxLen, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return fail(Error::invalid("encrypted number: bad base64url"));
  }
  if (boxLen < kNonceBytes + kTagBytes) {
    return fail(Error::invalid("encrypted number: too short"));
  }
  std::string_view ad = text.substr(0, dot);
  std::string plain(boxLen - kNonceBytes - kTagBytes, '\0');
  unsigned long long plainLen = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()),
                                                 &plainLen, nullptr, box.data() + kNonceBytes,
                                                 boxLen - kNonceBytes, bytes(ad), ad.size(),
                                                 box.data(), key->data()) != 0) {
    return fail(Error::invalid("encrypted number: authentication failed (tampered or wrong key)"));
  }
  plain.resize(static_cast<size_t>(plainLen));
  return plain;
}

std::string CallerCipher::blindIndex(std::string_view number) const {
  std::string normal = normalizeNumber(number);
  if (normal.empty()) return {};
  return keyedHashHex(keys_.callerIndexKey(), normal);
}

}  // namespace hk::secure
