#pragma once
// The fixture of the flow, block-list and absence service tests: the real SQLite store in
// memory with two operators (X: advertisers A and B, Y: advertiser C) and three numbers of X
// (a free-call number and a 050 number of A, a 050 number of B).
#include <gtest/gtest.h>

#include <map>
#include <optional>

#include "secure/caller_cipher.hpp"
#include "secure/keyfile.hpp"
#include "service/apply.hpp"
#include "service/flows.hpp"
#include "store/store.hpp"
#include "support/fake_clock.hpp"

namespace hk::service::test {

using domain::Principal;
using domain::Role;
using nlohmann::json;

// A two-step document: say, then forward.
inline json simpleFlow(const std::string& name, const std::string& text = "hello") {
  return {{"name", name},
          {"start", "hi"},
          {"steps",
           {{"hi", {{"verb", "say"}, {"text", text}, {"next", "fwd"}}},
            {"fwd", {{"verb", "forward"}}}}}};
}

class FlowServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = store::Store::open("sqlite::memory:", clock_);
    ASSERT_TRUE(st) << st.error().message;
    store_ = std::move(*st);
    auto ring = secure::KeyRing::parse(
        "index 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
        "data 1 1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100\n",
        "test");
    ASSERT_TRUE(ring) << ring.error().message;
    cipher_.emplace(*ring);
    auto doc = json::parse(R"({"operators": [
      {"name": "X", "advertisers": [
        {"name": "A", "numbers": [{"number": "0120-111-001", "name": "a1"},
                                  {"number": "050-1111-0002", "name": "a2"}]},
        {"name": "B", "numbers": [{"number": "050-1111-0003", "name": "b1"}]}]},
      {"name": "Y", "advertisers": [{"name": "C"}]}]})");
    auto tx = begin();
    Principal sys;
    sys.role = Role::SystemAdmin;
    auto rep = applyDocument(*tx, sys, clock_, doc);
    ASSERT_TRUE(rep && rep->errors.empty());
    for (const char* op : {"X", "Y"}) ops_[op] = tx->operators().findByName(op)->id;
    for (auto [op, adv] : {std::pair{"X", "A"}, {"X", "B"}, {"Y", "C"}}) {
      advs_[adv] = tx->advertisers().findByName(ops_[op], adv)->id;
    }
    for (const char* n : {"0120111001", "05011110002", "05011110003"}) {
      nums_[n] = tx->numbers().findByNumber(n)->id;
    }
    ASSERT_TRUE(tx->commit());
  }

  std::unique_ptr<store::Tx> begin() {
    auto tx = store_->begin(true);
    EXPECT_TRUE(tx);
    return std::move(*tx);
  }
  Principal admin(const std::string& op = "X") {
    Principal p;
    p.role = Role::OperatorAdmin;
    p.user_id = 1;
    p.operator_id = ops_.at(op);
    p.label = "user:1";
    return p;
  }
  Principal advUser(const std::string& adv) {
    Principal p;
    p.role = Role::AdvertiserUser;
    p.user_id = 2;
    p.operator_id = ops_.at(adv == "C" ? "Y" : "X");
    p.advertiser_id = advs_.at(adv);
    p.label = "user:2";
    return p;
  }
  store::FlowAttachment target(domain::Id flow, domain::Id adv, domain::Id num) {
    store::FlowAttachment a;
    a.flow_id = flow;
    a.advertiser_id = adv;
    a.number_id = num;
    return a;
  }

  hk::test::FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::optional<secure::CallerCipher> cipher_;
  std::map<std::string, domain::Id> ops_, advs_, nums_;
  Flows flows_{clock_};
};

}  // namespace hk::service::test
