#pragma once
// Digest access authentication for a UAC (RFC 2617, RFC 7616 as used by SIP, RFC 8760):
// reading the challenge of a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate), and
// answering it with Authorization / Proxy-Authorization. Algorithms MD5, MD5-sess,
// SHA-256, SHA-256-sess; qop "auth" (or none, RFC 2069 style). "auth-int" alone is refused.
// A malformed or unsupported challenge is an error, never an exception.
#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/message.hpp"

namespace hk::sip {

enum class DigestAlgorithm { Md5, Md5Sess, Sha256, Sha256Sess };

// "MD5", "MD5-sess", "SHA-256", "SHA-256-sess".
std::string_view digestAlgorithmName(DigestAlgorithm a);

struct DigestChallenge {
  bool proxy = false;  // from Proxy-Authenticate (a 407): answered with Proxy-Authorization
  std::string realm;
  std::string nonce;
  std::string opaque;  // echoed back when the server sent one
  bool has_opaque = false;
  DigestAlgorithm algorithm = DigestAlgorithm::Md5;
  bool algorithm_named = false;  // the server named it: it is echoed back
  bool qop_auth = false;         // qop "auth" offered: the answer carries qop, nc, cnonce
  bool stale = false;            // the nonce expired, the credentials were fine
  bool userhash = false;         // RFC 7616 §3.4.4: the user name is sent hashed
};

// One WWW-Authenticate / Proxy-Authenticate value. Fails (Code::Invalid) on another scheme,
// a missing realm or nonce, an unknown algorithm, or a qop list without "auth".
hk::Result<DigestChallenge> parseDigestChallenge(std::string_view value, bool proxy = false);

// The challenge to answer in a 401 (WWW-Authenticate) or 407 (Proxy-Authenticate): of
// several, the strongest usable one (SHA-256 before MD5). Fails when there is none.
hk::Result<DigestChallenge> challengeOf(const Message& response);

struct DigestCredentials {
  std::string username;
  std::string password;
};

// What one answer is computed over.
struct DigestRequest {
  std::string_view method;  // "INVITE"
  std::string_view uri;     // the Request-URI as sent
  std::string_view cnonce;  // used with qop or a -sess algorithm
  uint32_t nc = 1;          // nonce count (qop only)
};

// The request-digest (lower-case hex) of RFC 2617 §3.2.2.1 / RFC 7616 §3.4.1.
std::string digestResponse(const DigestChallenge& challenge, const DigestCredentials& creds,
                           const DigestRequest& req);
// The whole Authorization / Proxy-Authorization value: Digest username="...", realm=...
std::string digestAuthorization(const DigestChallenge& challenge, const DigestCredentials& creds,
                                const DigestRequest& req);

// A UAC's digest state toward one server: the challenge last accepted and its nonce count
// (nc counts the requests answered with that nonce and restarts with a new one).
class DigestClient {
 public:
  DigestClient() = default;
  explicit DigestClient(DigestCredentials creds) : creds_(std::move(creds)) {}

  // Takes a 401 or 407. Fails when it has no usable challenge, or when it challenges again
  // with the nonce already answered and without stale=true: the credentials were refused.
  hk::Status onChallenge(const Message& response);
  // A challenge is known: requests can carry credentials.
  bool ready() const { return ready_; }
  const DigestChallenge& challenge() const { return challenge_; }
  // Sets Authorization (or Proxy-Authorization) on `request` for the known challenge with
  // the next nonce count; `cnonce` empty: a random one. Nothing when not ready().
  void authorize(Message& request, std::string_view cnonce = {});
  // Forgets the challenge (the next request goes without credentials).
  void reset();

 private:
  DigestCredentials creds_;
  DigestChallenge challenge_;
  bool ready_ = false;
  bool answered_ = false;  // a request carried an answer to challenge_.nonce
  uint32_t nc_ = 0;
};

}  // namespace hk::sip
