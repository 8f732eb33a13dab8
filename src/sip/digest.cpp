#include "sip/digest.hpp"

#include <sodium.h>

#include <array>
#include <initializer_list>
#include <optional>

#include "base/ids.hpp"
#include "sip/detail/md5.hpp"
#include "sip/text.hpp"

namespace hk::sip {
namespace {

constexpr size_t kMaxParam = 1024;  // realm, nonce, opaque: longer is not a real server

bool isSha256(DigestAlgorithm a) {
  return a == DigestAlgorithm::Sha256 || a == DigestAlgorithm::Sha256Sess;
}
bool isSess(DigestAlgorithm a) {
  return a == DigestAlgorithm::Md5Sess || a == DigestAlgorithm::Sha256Sess;
}

std::string toHex(const uint8_t* p, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 0xf]);
  }
  return out;
}

std::string sha256Hex(std::string_view data) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  std::array<uint8_t, crypto_hash_sha256_BYTES> out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return toHex(out.data(), out.size());
}

std::string hashHex(DigestAlgorithm a, std::string_view data) {
  return isSha256(a) ? sha256Hex(data) : detail::md5Hex(data);
}

// The parts separated by ':' (the digest grammar's "a:b:c").
std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  bool first = true;
  for (std::string_view p : parts) {
    if (!first) out += ':';
    out += p;
    first = false;
  }
  return out;
}

// "text" with '"' and '\' escaped (RFC 3261 quoted-pair).
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

std::string nc8(uint32_t nc) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(8, '0');
  for (int i = 7; i >= 0; --i, nc >>= 4) out[static_cast<size_t>(i)] = kHex[nc & 0xf];
  return out;
}

std::optional<DigestAlgorithm> algorithmByName(std::string_view s) {
  if (iequals(s, "MD5")) return DigestAlgorithm::Md5;
  if (iequals(s, "MD5-sess")) return DigestAlgorithm::Md5Sess;
  if (iequals(s, "SHA-256")) return DigestAlgorithm::Sha256;
  if (iequals(s, "SHA-256-sess")) return DigestAlgorithm::Sha256Sess;
  return std::nullopt;
}

int strength(DigestAlgorithm a) {
  switch (a) {
    case DigestAlgorithm::Sha256: return 4;
    case DigestAlgorithm::Sha256Sess: return 3;
    case DigestAlgorithm::Md5: return 2;
    case DigestAlgorithm::Md5Sess: return 1;
  }
  return 0;
}

}  // namespace

std::string_view digestAlgorithmName(DigestAlgorithm a) {
  switch (a) {
    case DigestAlgorithm::Md5: return "MD5";
    case DigestAlgorithm::Md5Sess: return "MD5-sess";
    case DigestAlgorithm::Sha256: return "SHA-256";
    case DigestAlgorithm::Sha256Sess: return "SHA-256-sess";
  }
  return "MD5";
}

hk::Result<DigestChallenge> parseDigestChallenge(std::string_view value, bool proxy) {
  auto parsed = parseAuth(value);
  if (!parsed) return hk::Error::invalid("bad challenge: " + parsed.error().message);
  const AuthValue& v = *parsed;
  if (!iequals(v.scheme, "Digest")) {
    return hk::Error::invalid("not a Digest challenge: " + std::string(v.scheme));
  }
  DigestChallenge ch;
  ch.proxy = proxy;
  auto param = [&](std::string_view name) -> std::optional<std::string> {
    auto p = v.get(name);
    if (!p) return std::nullopt;
    return unescapeQuoted(*p);
  };
  auto realm = param("realm");
  auto nonce = param("nonce");
  if (!realm) return hk::Error::invalid("Digest challenge without realm");
  if (!nonce || nonce->empty()) return hk::Error::invalid("Digest challenge without nonce");
  ch.realm = std::move(*realm);
  ch.nonce = std::move(*nonce);
  if (auto o = param("opaque")) {
    ch.opaque = std::move(*o);
    ch.has_opaque = true;
  }
  if (ch.realm.size() > kMaxParam || ch.nonce.size() > kMaxParam || ch.opaque.size() > kMaxParam) {
    return hk::Error::invalid("Digest challenge parameter too long");
  }
  if (auto a = param("algorithm")) {
    auto alg = algorithmByName(trim(*a));
    if (!alg) return hk::Error::invalid("unsupported digest algorithm " + *a);
    ch.algorithm = *alg;
    ch.algorithm_named = true;
  }
  if (auto q = param("qop")) {
    bool any = false;
    for (std::string_view item : splitList(*q)) {
      any = any || !item.empty();
      if (iequals(item, "auth")) ch.qop_auth = true;
    }
    if (!ch.qop_auth) {
      return hk::Error::invalid(any ? "only qop auth-int offered (not supported)"
                                    : "empty qop in Digest challenge");
    }
  }
  if (auto s = param("stale")) ch.stale = iequals(trim(*s), "true");
  if (auto u = param("userhash")) ch.userhash = iequals(trim(*u), "true");
  return ch;
}

hk::Result<DigestChallenge> challengeOf(const Message& response) {
  int st = response.status();
  if (!response.isResponse() || (st != 401 && st != 407)) {
    return hk::Error::invalid("not a 401 or 407 response");
  }
  bool proxy = st == 407;
  // One challenge per occurrence (its params are comma-separated, so the header is not
  // split as a list).
  std::vector<std::string_view> raw;
  for (const Header& h : response.headers()) {
    if (h.id == (proxy ? HeaderId::ProxyAuthenticate : HeaderId::WWWAuthenticate)) {
      raw.push_back(h.value);
    }
  }
  std::optional<DigestChallenge> best;
  std::optional<hk::Error> first_error;
  for (std::string_view v : raw) {
    auto ch = parseDigestChallenge(v, proxy);
    if (!ch) {
      if (!first_error) first_error = ch.error();
      continue;
    }
    if (!best || strength(ch->algorithm) > strength(best->algorithm)) best = std::move(*ch);
  }
  if (best) return *best;
  if (first_error) return *first_error;
  return hk::Error::invalid(proxy ? "407 without Proxy-Authenticate"
                                  : "401 without WWW-Authenticate");
}

std::string digestResponse(const DigestChallenge& ch, const DigestCredentials& creds,
                           const DigestRequest& req) {
  DigestAlgorithm a = ch.algorithm;
  std::string ha1 = hashHex(a, join({creds.username, ch.realm, creds.password}));
  if (isSess(a)) ha1 = hashHex(a, join({ha1, ch.nonce, req.cnonce}));
  std::string ha2 = hashHex(a, join({req.method, req.uri}));
  if (ch.qop_auth) {
    return hashHex(a, join({ha1, ch.nonce, nc8(req.nc), req.cnonce, "auth", ha2}));
  }
  return hashHex(a, join({ha1, ch.nonce, ha2}));
}

std::string digestAuthorization(const DigestChallenge& ch, const DigestCredentials& creds,
                                const DigestRequest& req) {
  std::string user =
      ch.userhash ? hashHex(ch.algorithm, join({creds.username, ch.realm})) : creds.username;
  std::string out = "Digest username=" + quoted(user);
  out += ", realm=" + quoted(ch.realm);
  out += ", nonce=" + quoted(ch.nonce);
  out += ", uri=" + quoted(req.uri);
  out += ", response=" + quoted(digestResponse(ch, creds, req));
  if (ch.algorithm_named || ch.algorithm != DigestAlgorithm::Md5) {
    out += ", algorithm=";
    out += digestAlgorithmName(ch.algorithm);
  }
  if (ch.qop_auth || isSess(ch.algorithm)) out += ", cnonce=" + quoted(req.cnonce);
  if (ch.has_opaque) out += ", opaque=" + quoted(ch.opaque);
  if (ch.qop_auth) out += ", qop=auth, nc=" + nc8(req.nc);
  if (ch.userhash) out += ", userhash=true";
  return out;
}

hk::Status DigestClient::onChallenge(const Message& response) {
  auto ch = challengeOf(response);
  if (!ch) return ch.error();
  if (ready_ && answered_ && ch->nonce == challenge_.nonce && !ch->stale) {
    return hk::fail(hk::Code::Unauthorized, "credentials refused (challenged again)");
  }
  bool same_nonce = ready_ && ch->nonce == challenge_.nonce;
  challenge_ = std::move(*ch);
  ready_ = true;
  answered_ = false;
  if (!same_nonce) nc_ = 0;
  return hk::ok();
}

void DigestClient::authorize(Message& request, std::string_view cnonce) {
  if (!ready_) return;
  std::string cn = cnonce.empty() ? randomHex(8) : std::string(cnonce);
  DigestRequest req{request.method(), request.requestUriText(), cn, ++nc_};
  request.setHeader(challenge_.proxy ? "Proxy-Authorization" : "Authorization",
                    digestAuthorization(challenge_, creds_, req));
  answered_ = true;
}

void DigestClient::reset() {
  ready_ = false;
  answered_ = false;
  nc_ = 0;
  challenge_ = {};
}

}  // namespace hk::sip
