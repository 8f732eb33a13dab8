#include "sip/digest.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sip/parser.hpp"

namespace hk::sip {
namespace {

Message challengeResponse(int status, std::vector<std::string> values) {
  auto r =
      Message::response(status, status == 407 ? "Proxy Authentication Required" : "Unauthorized");
  for (const auto& v : values) {
    r.addHeader(status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate", v);
  }
  return r;
}

std::string param(const Message& m, std::string_view header, std::string_view name) {
  auto v = m.header(header);
  if (!v) return "<no header>";
  auto a = parseAuth(*v);
  if (!a) return "<bad header>";
  auto p = a->get(name);
  return p ? std::string(*p) : "<absent>";
}

// RFC 2617 §3.5: the example's response must come out exactly.
TEST(Digest, Rfc2617Example) {
  auto ch = parseDigestChallenge(
      "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", "
      "opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  ASSERT_TRUE(ch) << ch.error().message;
  EXPECT_EQ(ch->algorithm, DigestAlgorithm::Md5);
  EXPECT_TRUE(ch->qop_auth);
  DigestCredentials creds{"Mufasa", "Circle Of Life"};
  DigestRequest req{"GET", "/dir/index.html", "0a4f113b", 1};
  EXPECT_EQ(digestResponse(*ch, creds, req), "6629fae49393a05397450978507c4ef1");
  std::string auth = digestAuthorization(*ch, creds, req);
  auto parsed = parseAuth(auth);
  ASSERT_TRUE(parsed) << auth;
  EXPECT_EQ(parsed->get("response"), "6629fae49393a05397450978507c4ef1");
  EXPECT_EQ(parsed->get("opaque"), "5ccc069c403ebaf9f0171e9517f40e41");
  EXPECT_EQ(parsed->get("nc"), "00000001");
  EXPECT_EQ(parsed->get("qop"), "auth");
  EXPECT_EQ(parsed->get("cnonce"), "0a4f113b");
  EXPECT_EQ(parsed->get("uri"), "/dir/index.html");
  EXPECT_FALSE(parsed->get("algorithm"));  // not named by the server: not echoed
}

// RFC 7616 §3.9.1: one 401 with a SHA-256 and an MD5 challenge; both responses as printed.
TEST(Digest, Rfc7616ExampleMd5AndSha256) {
  const char* sha =
      "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
      "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
  const char* md5 =
      "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", "
      "algorithm=MD5, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
  DigestCredentials creds{"Mufasa", "Circle of Life"};
  DigestRequest req{"GET", "/dir/index.html", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", 1};
  auto s = parseDigestChallenge(sha);
  auto m = parseDigestChallenge(md5);
  ASSERT_TRUE(s && m);
  EXPECT_EQ(digestResponse(*s, creds, req),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  EXPECT_EQ(digestResponse(*m, creds, req), "8ca523f5e9506fed4657c9700eebdbec");
  // Offered both, a client answers the stronger one.
  auto best = challengeOf(challengeResponse(401, {md5, sha}));
  ASSERT_TRUE(best) << best.error().message;
  EXPECT_EQ(best->algorithm, DigestAlgorithm::Sha256);
  EXPECT_FALSE(best->proxy);
  std::string value = digestAuthorization(*best, creds, req);  // parseAuth views into it
  auto parsed = parseAuth(value);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->get("algorithm"), "SHA-256");
}

TEST(Digest, SessAlgorithmsAndNoQop) {
  DigestCredentials creds{"alice", "secret"};
  auto sess = parseDigestChallenge(
      "Digest realm=\"sip.example\", nonce=\"n0nce\", algorithm=SHA-256-sess, qop=auth");
  ASSERT_TRUE(sess);
  EXPECT_EQ(digestResponse(*sess, creds, {"REGISTER", "sip:sip.example", "c1", 2}),
            "910fed8a1b59ad109fb3b8dfc47c47f65ef08aedd0c9b13bff47ac2c62b0581b");
  // RFC 2069 compatibility: no qop, no nc; cnonce only for -sess.
  auto plain = parseDigestChallenge("Digest realm=\"sip.example\", nonce=\"n0nce\"");
  ASSERT_TRUE(plain);
  DigestRequest inv{"INVITE", "sip:0311110200@sip.example:5060", "c1", 1};
  EXPECT_EQ(digestResponse(*plain, creds, inv), "56cf9896f54d2f18f2f3939156242797");
  std::string value = digestAuthorization(*plain, creds, inv);
  auto a = parseAuth(value);
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->get("qop"));
  EXPECT_FALSE(a->get("nc"));
  EXPECT_FALSE(a->get("cnonce"));
  auto md5sess =
      parseDigestChallenge("Digest realm=\"sip.example\", nonce=\"n0nce\", algorithm=md5-SESS");
  ASSERT_TRUE(md5sess);
  EXPECT_EQ(md5sess->algorithm, DigestAlgorithm::Md5Sess);
  EXPECT_EQ(digestResponse(*md5sess, creds, inv), "650b4245646b8fc6fcaffd78e6435f57");
}

TEST(Digest, UserhashStaleAndEscapes) {
  auto ch = parseDigestChallenge(
      "Digest realm=\"http-auth@example.org\", nonce=\"a\\\"b\", algorithm=SHA-256, "
      "userhash=true, stale=TRUE, qop=auth");
  ASSERT_TRUE(ch) << ch.error().message;
  EXPECT_TRUE(ch->stale);
  EXPECT_TRUE(ch->userhash);
  EXPECT_EQ(ch->nonce, "a\"b");  // the escape is resolved for hashing
  std::string auth = digestAuthorization(*ch, {"Mufasa", "x"}, {"GET", "/", "c", 1});
  auto a = parseAuth(auth);
  ASSERT_TRUE(a) << auth;
  EXPECT_EQ(a->get("username"), "a947aad205e80e429958a387394944c6b496301e79f89d35a4cc23b6ee12b5b6");
  EXPECT_EQ(a->get("userhash"), "true");
  EXPECT_EQ(a->get("nonce"), "a\\\"b");  // written back escaped
}

TEST(Digest, MalformedChallengesAreErrors) {
  const std::vector<std::string> bad = {
      "",
      "Basic realm=\"x\"",
      "Digest",
      "Digest realm=\"x\"",              // no nonce
      "Digest nonce=\"n\"",              // no realm
      "Digest realm=\"x\", nonce=\"\"",  // empty nonce
      "Digest realm=\"x\", nonce=\"n\", algorithm=SHA-512-256",
      "Digest realm=\"x\", nonce=\"n\", qop=\"auth-int\"",
      "Digest realm=\"x\", nonce=\"n\", qop=\"\"",
      "Digest realm=\"x, nonce=\"n\"",  // unterminated quote
      "Digest realm=x y, nonce=n",
      "Digest =\"x\", nonce=\"n\"",
      "Digest realm=\"x\",, nonce=\"n\"",
      "Digest realm=\"x\", nonce=\"" + std::string(5000, 'n') + "\"",
      std::string("Digest realm=\"x") + '\0' + "y\", nonce=\"n\"",
  };
  for (const auto& v : bad) {
    auto ch = parseDigestChallenge(v);
    EXPECT_FALSE(ch) << "accepted: " << v;
    if (!ch) {
      EXPECT_EQ(ch.error().code, Code::Invalid) << v;
    }
  }
  EXPECT_FALSE(challengeOf(challengeResponse(401, {})));
  EXPECT_FALSE(challengeOf(challengeResponse(401, {"Digest realm=\"x\""})));
  EXPECT_FALSE(challengeOf(Message::response(403, "Forbidden")));
  // One bad challenge beside a good one: the good one is used.
  auto ok = challengeOf(challengeResponse(407, {"Digest nonce=1", "Digest realm=r, nonce=n"}));
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->proxy);
}

// Every prefix of a real challenge, and bytes flipped in it: an answer or an error.
TEST(Digest, MangledChallengesNeverCrash) {
  std::string good =
      "Digest realm=\"sip.example\", nonce=\"abc\\\\def\", opaque=\"o\", algorithm=MD5, "
      "qop=\"auth,auth-int\", stale=false";
  for (size_t i = 0; i <= good.size(); ++i) (void)parseDigestChallenge(good.substr(0, i));
  for (size_t i = 0; i < good.size(); ++i) {
    for (char c : {'"', '\\', ',', '=', ' ', '\0', '\x7f'}) {
      std::string s = good;
      s[i] = c;
      auto ch = parseDigestChallenge(s);
      if (ch) (void)digestAuthorization(*ch, {"u", "p"}, {"INVITE", "sip:x", "c", 1});
    }
  }
  SUCCEED();
}

TEST(DigestClient, AnswersOnceAndCountsPerNonce) {
  DigestClient c({"alice", "secret"});
  auto req = Message::request("INVITE", "sip:0311110200@carrier.example");
  c.authorize(req);
  EXPECT_FALSE(req.header("Authorization"));  // no challenge yet
  ASSERT_TRUE(c.onChallenge(
      challengeResponse(401, {"Digest realm=\"carrier\", nonce=\"n1\", qop=\"auth\""})));
  c.authorize(req, "c1");
  EXPECT_EQ(param(req, "Authorization", "nc"), "00000001");
  EXPECT_EQ(param(req, "Authorization", "uri"), "sip:0311110200@carrier.example");
  auto bye = Message::request("BYE", "sip:callee@192.0.2.1");
  c.authorize(bye, "c2");
  EXPECT_EQ(param(bye, "Authorization", "nc"), "00000002");
  // Challenged again with the nonce just answered: the password is wrong.
  auto again = c.onChallenge(
      challengeResponse(401, {"Digest realm=\"carrier\", nonce=\"n1\", qop=\"auth\""}));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Code::Unauthorized);
  // A new nonce (or stale=true) is answered, nc starts again.
  ASSERT_TRUE(c.onChallenge(
      challengeResponse(407, {"Digest realm=\"proxy\", nonce=\"n2\", qop=auth, stale=true"})));
  auto re = Message::request("INVITE", "sip:x@carrier.example");
  c.authorize(re, "c3");
  EXPECT_FALSE(re.header("Authorization"));
  EXPECT_EQ(param(re, "Proxy-Authorization", "nc"), "00000001");
  EXPECT_EQ(param(re, "Proxy-Authorization", "realm"), "proxy");
  c.reset();
  EXPECT_FALSE(c.ready());
}

}  // namespace
}  // namespace hk::sip
