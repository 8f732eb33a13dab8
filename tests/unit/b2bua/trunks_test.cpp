#include "b2bua/trunks.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace hk::b2bua {
namespace {

Result<Config> load(const std::string& text) {
  char path[] = "/tmp/hktrunkXXXXXX";
  int fd = mkstemp(path);
  close(fd);
  std::ofstream(path) << text;
  auto cfg = Config::load(trunkConfigKeys(), path, {}, {});
  std::remove(path);
  return cfg;
}

TEST(Cidr, MatchesNetworksAndAddresses) {
  auto net = *Cidr::parse("203.0.113.0/24");
  EXPECT_TRUE(net.contains("203.0.113.7"));
  EXPECT_FALSE(net.contains("203.0.114.7"));
  EXPECT_TRUE(net.contains("::ffff:203.0.113.9"));
  auto one = *Cidr::parse("127.0.0.1");
  EXPECT_TRUE(one.contains("127.0.0.1"));
  EXPECT_FALSE(one.contains("127.0.0.2"));
  auto v6 = *Cidr::parse("2001:db8::/32");
  EXPECT_TRUE(v6.contains("2001:db8:1::5"));
  EXPECT_TRUE(v6.contains("[2001:db8::1]"));
  EXPECT_FALSE(v6.contains("2001:db9::1"));
  EXPECT_FALSE(Cidr::parse("10.0.0.0/33"));
  EXPECT_FALSE(Cidr::parse("carrier.example"));
  EXPECT_FALSE(net.contains("not-an-ip"));
}

TEST(Trunks, InboundByAddressOutboundByPriority) {
  auto cfg = load(
      "[trunk.carrier]\ndirection = both\nsources = 198.51.100.0/28, 198.51.100.77\n"
      "host = sip.carrier.example\npassword = s3cret\nusername = acct\npriority = 20\n"
      "[trunk.backup]\ndirection = outbound\nhost = 192.0.2.10\ntransport = tcp\npriority = 10\n"
      "[trunk.pbx]\nsources = 10.1.0.0/16\nbehind_nat = true\ncaller_id_from = from\n");
  ASSERT_TRUE(cfg) << cfg.error().message;
  auto trunks = Trunks::fromConfig(*cfg);
  ASSERT_TRUE(trunks) << trunks.error().message;
  ASSERT_NE(trunks->inboundFor("198.51.100.77"), nullptr);
  EXPECT_EQ(trunks->inboundFor("198.51.100.77")->name, "carrier");
  EXPECT_EQ(trunks->inboundFor("10.1.2.3")->name, "pbx");
  EXPECT_TRUE(trunks->inboundFor("10.1.2.3")->behind_nat);
  EXPECT_EQ(trunks->inboundFor("10.1.2.3")->caller_from, CallerSource::From);
  EXPECT_EQ(trunks->inboundFor("192.0.2.10"), nullptr);  // outbound only: calls refused
  auto out = trunks->outbound();
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]->name, "backup");
  EXPECT_EQ(out[0]->transport, "tcp");
  EXPECT_EQ(out[1]->username, "acct");
}

TEST(Trunks, IncompleteTrunksAreRefusedWithTheKey) {
  auto no_sources = load("[trunk.a]\ndirection = inbound\n");
  ASSERT_TRUE(no_sources);
  auto t = Trunks::fromConfig(*no_sources);
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message.find("trunk.a.sources"), std::string::npos);
  auto no_host = load("[trunk.b]\ndirection = outbound\n");
  EXPECT_NE(Trunks::fromConfig(*no_host).error().message.find("trunk.b.host"), std::string::npos);
  auto bad_net = load("[trunk.c]\nsources = 10.0.0.0/99\n");
  EXPECT_FALSE(Trunks::fromConfig(*bad_net));
  auto sys = load("[trunk.d]\ndirection = outbound\nhost = h\npresent = system\n");
  EXPECT_NE(Trunks::fromConfig(*sys).error().message.find("system_number"), std::string::npos);
}

TEST(Trunks, RegistrationKeys) {
  auto cfg = load(
      "[trunk.carrier]\ndirection = outbound\nhost = sip.carrier.example\nusername = acct\n"
      "register = true\nregister_expires_sec = 600\n"
      "[trunk.pbx]\ndirection = outbound\nhost = 192.0.2.1\nregister = true\n"
      "register_user = 0312345678\nregister_domain = pbx.example\n"
      "[trunk.plain]\ndirection = outbound\nhost = 192.0.2.2\n");
  ASSERT_TRUE(cfg) << cfg.error().message;
  auto trunks = Trunks::fromConfig(*cfg);
  ASSERT_TRUE(trunks) << trunks.error().message;
  const auto& all = trunks->all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_TRUE(all[0].do_register);
  EXPECT_EQ(all[0].register_expires_sec, 600);
  EXPECT_EQ(all[0].aorUser(), "acct");
  EXPECT_EQ(all[0].aorDomain(), "sip.carrier.example");
  EXPECT_EQ(all[1].aorUser(), "0312345678");
  EXPECT_EQ(all[1].aorDomain(), "pbx.example");
  EXPECT_FALSE(all[2].do_register);
  EXPECT_EQ(all[2].register_expires_sec, 3600);
  // Registering needs an outbound trunk and a user; the asked time has bounds.
  auto inbound = load("[trunk.a]\nsources = 10.0.0.1\nregister = true\nusername = u\n");
  ASSERT_TRUE(inbound);
  EXPECT_NE(Trunks::fromConfig(*inbound).error().message.find("trunk.a.register"),
            std::string::npos);
  auto nouser = load("[trunk.b]\ndirection = outbound\nhost = h\nregister = true\n");
  ASSERT_TRUE(nouser);
  EXPECT_NE(Trunks::fromConfig(*nouser).error().message.find("register_user"), std::string::npos);
  EXPECT_FALSE(load("[trunk.c]\ndirection = outbound\nhost = h\nregister_expires_sec = 5\n"));
}

}  // namespace
}  // namespace hk::b2bua
