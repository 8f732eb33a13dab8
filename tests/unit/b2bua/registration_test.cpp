#include "b2bua/registration.hpp"

#include <gtest/gtest.h>

#include "sip/digest.hpp"
#include "unit/b2bua/fake_trunk_io.hpp"

namespace hk::b2bua {
namespace {

using namespace std::chrono_literals;
using test::FakeTrunkIo;

Trunk carrier() {
  Trunk t;
  t.name = "carrier";
  t.outbound = true;
  t.host = "sip.carrier.example";
  t.username = "acct";
  t.password = "pw";
  t.do_register = true;
  t.register_expires_sec = 600;
  return t;
}

sip::Target there() { return {sip::TransportKind::Udp, "192.0.2.9", 5060, {}}; }

std::string authParam(const sip::Message& m, std::string_view name) {
  auto v = m.header("Authorization");
  if (!v) return "<none>";
  auto a = sip::parseAuth(*v);
  if (!a) return "<bad>";
  return std::string(a->get(name).value_or("<absent>"));
}

const char* kChallenge = "Digest realm=\"carrier\", nonce=\"n1\", qop=\"auth\", opaque=\"op\"";

struct Fixture {
  FakeTrunkIo io;
  metrics::Registry metrics;
  metrics::Gauge& gauge = metrics.gauge("hankyo_trunk_registered", "test", "trunk=\"carrier\"");
  Trunk trunk = carrier();
  Registration reg{io, trunk, there, &gauge};

  // REGISTER -> 401 -> REGISTER with credentials -> 200 granting `granted` seconds.
  void registerFor(int granted) {
    reg.start();
    auto first = io.sent.back();
    first.cb.on_response(FakeTrunkIo::responseTo(first.request, 401, "Unauthorized",
                                                 {{"WWW-Authenticate", kChallenge}}));
    auto second = io.sent.back();
    second.cb.on_response(
        FakeTrunkIo::responseTo(second.request, 200, "OK", {{"Expires", std::to_string(granted)}}));
  }
};

TEST(Registration, AnswersTheChallengeAndRefreshesAtHalfTheGrantedTime) {
  Fixture f;
  f.reg.start();
  ASSERT_EQ(f.io.sent.size(), 1u);
  sip::Message r1 = f.io.sent[0].request;  // copies: sent grows
  EXPECT_EQ(r1.method(), "REGISTER");
  EXPECT_EQ(r1.requestUriText(), "sip:sip.carrier.example");
  EXPECT_EQ(r1.header("To"), "<sip:acct@sip.carrier.example>");
  EXPECT_EQ(r1.header("Contact"), "<sip:acct@192.0.2.5:5070>");
  EXPECT_EQ(r1.header("Expires"), "600");
  EXPECT_FALSE(r1.header("Authorization"));
  EXPECT_EQ(f.io.sent[0].to.host, "192.0.2.9");
  EXPECT_EQ(f.gauge.value(), 0);

  f.io.call(0).on_response(
      FakeTrunkIo::responseTo(r1, 401, "Unauthorized", {{"WWW-Authenticate", kChallenge}}));
  ASSERT_EQ(f.io.sent.size(), 2u);
  sip::Message r2 = f.io.sent[1].request;
  EXPECT_EQ(r2.callId().value(), r1.callId().value());
  EXPECT_EQ(r2.from()->tag(), r1.from()->tag());
  EXPECT_EQ(r2.cseq()->num, 2u);
  EXPECT_EQ(authParam(r2, "nc"), "00000001");
  EXPECT_EQ(authParam(r2, "opaque"), "op");
  EXPECT_EQ(authParam(r2, "uri"), "sip:sip.carrier.example");
  // The response is the registrar's own computation over what we sent.
  auto ch = sip::parseDigestChallenge(kChallenge);
  std::string cnonce = authParam(r2, "cnonce");
  EXPECT_EQ(
      authParam(r2, "response"),
      sip::digestResponse(*ch, {"acct", "pw"}, {"REGISTER", "sip:sip.carrier.example", cnonce, 1}));

  // The registrar keeps our binding for 120 s (and lists another one of the AOR).
  f.io.call(1).on_response(FakeTrunkIo::responseTo(
      r2, 200, "OK",
      {{"Contact", "<sip:other@198.51.100.1>;expires=3600, <sip:acct@192.0.2.5:5070>;expires=120"},
       {"Expires", "600"}}));
  EXPECT_EQ(f.reg.state(), Registration::State::Registered);
  EXPECT_EQ(f.reg.grantedSec(), 120);
  EXPECT_EQ(f.gauge.value(), 1);
  ASSERT_TRUE(f.io.fire(60s));  // the refresh, at half of 120 s
  ASSERT_EQ(f.io.sent.size(), 3u);
  sip::Message r3 = f.io.sent[2].request;
  EXPECT_EQ(r3.cseq()->num, 3u);
  EXPECT_EQ(r3.callId().value(), r1.callId().value());
  EXPECT_EQ(authParam(r3, "nc"), "00000002");  // credentials go along, same nonce
  f.io.call(2).on_response(FakeTrunkIo::responseTo(r3, 200, "OK", {{"Expires", "30"}}));
  EXPECT_EQ(f.reg.grantedSec(), 30);
  EXPECT_TRUE(f.io.hasTimer(15s));
  // A late answer to an older REGISTER changes nothing.
  f.io.call(1).on_response(FakeTrunkIo::responseTo(r2, 403, "Forbidden"));
  EXPECT_EQ(f.reg.state(), Registration::State::Registered);
}

TEST(Registration, WrongPasswordAndTimeoutsBackOff) {
  Fixture f;
  f.reg.start();
  auto challenge = [&] {
    auto s = f.io.sent.back();
    s.cb.on_response(FakeTrunkIo::responseTo(s.request, 401, "Unauthorized",
                                             {{"WWW-Authenticate", kChallenge}}));
  };
  challenge();
  ASSERT_EQ(f.io.sent.size(), 2u);
  challenge();  // the same nonce again: the password is wrong
  EXPECT_EQ(f.io.sent.size(), 2u);
  EXPECT_EQ(f.reg.state(), Registration::State::Failed);
  EXPECT_EQ(f.reg.failures(), 1);
  EXPECT_EQ(f.gauge.value(), 0);
  ASSERT_TRUE(f.io.fire(10s));
  ASSERT_EQ(f.io.sent.size(), 3u);
  EXPECT_FALSE(f.io.sent[2].request.header("Authorization"));  // starts over
  EXPECT_EQ(f.io.sent[2].request.cseq()->num, 3u);
  f.io.call(2).on_failure(hk::Error{Code::Timeout, "timer F", {}, {}});
  EXPECT_EQ(f.reg.failures(), 2);
  EXPECT_TRUE(f.io.hasTimer(20s));
  EXPECT_EQ(registerRetryDelay(3), 40s);
  EXPECT_EQ(registerRetryDelay(30), 300s);
}

TEST(Registration, IntervalTooBriefAsksForMinExpires) {
  Fixture f;
  f.reg.start();
  auto s = f.io.sent.back();
  s.cb.on_response(
      FakeTrunkIo::responseTo(s.request, 423, "Interval Too Brief", {{"Min-Expires", "1800"}}));
  ASSERT_EQ(f.io.sent.size(), 2u);
  EXPECT_EQ(f.io.sent[1].request.header("Expires"), "1800");
}

TEST(Registration, StopRemovesTheBinding) {
  Fixture f;
  f.registerFor(600);
  ASSERT_EQ(f.reg.state(), Registration::State::Registered);
  bool done = false;
  f.reg.stop([&] { done = true; });
  ASSERT_EQ(f.io.sent.size(), 3u);
  sip::Message un = f.io.sent[2].request;
  EXPECT_EQ(un.header("Expires"), "0");
  EXPECT_NE(authParam(un, "response"), "<none>");
  EXPECT_FALSE(f.io.hasTimer(300s));  // no refresh any more
  EXPECT_FALSE(done);
  f.io.call(2).on_response(FakeTrunkIo::responseTo(un, 200, "OK"));
  EXPECT_TRUE(done);
  EXPECT_EQ(f.reg.state(), Registration::State::Stopped);
  EXPECT_EQ(f.gauge.value(), 0);
}

TEST(Registration, StopDoesNotWaitForASilentRegistrar) {
  Fixture f;
  f.registerFor(600);
  bool done = false;
  f.reg.stop([&] { done = true; });
  EXPECT_FALSE(done);
  ASSERT_TRUE(f.io.fire(3000ms));
  EXPECT_TRUE(done);
  // Not registered: nothing to remove, done at once.
  Fixture g;
  bool done2 = false;
  g.reg.stop([&] { done2 = true; });
  EXPECT_TRUE(done2);
  EXPECT_TRUE(g.io.sent.empty());
}

TEST(Registration, GrantedTimeAndRefreshDelay) {
  auto ok = sip::Message::response(200, "OK");
  EXPECT_EQ(grantedExpires(ok, "sip:a@192.0.2.5:5070", 3600), 3600);  // nothing said
  ok.addHeader("Expires", "900");
  EXPECT_EQ(grantedExpires(ok, "sip:a@192.0.2.5:5070", 3600), 900);
  ok.addHeader("Contact", "<sip:a@192.0.2.5:5070>;q=0.5;expires=45");
  EXPECT_EQ(grantedExpires(ok, "sip:a@192.0.2.5:5070", 3600), 45);
  EXPECT_EQ(grantedExpires(ok, "sip:b@192.0.2.5:5070", 3600), 900);  // not our Contact
  EXPECT_EQ(registerRefreshDelay(3600), 1800s);
  EXPECT_EQ(registerRefreshDelay(1), 1000ms);
}

}  // namespace
}  // namespace hk::b2bua
