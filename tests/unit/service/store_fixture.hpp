#pragma once
// The fixture of service tests that run against the real SQLite store in memory with one
// operator and one advertiser of it (seedAdvertiser), on a FakeClock.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/store.hpp"
#include "support/fake_clock.hpp"

namespace hk::service::test {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto st = store::Store::open("sqlite::memory:", clock_);
    ASSERT_TRUE(st) << st.error().message;
    store_ = std::move(*st);
  }

  std::unique_ptr<store::Tx> begin() {
    auto tx = store_->begin(true);
    EXPECT_TRUE(tx);
    return std::move(*tx);
  }

  // Inserts an operator and an advertiser of it in `tx`: their ids in op_ and adv_.
  void seedAdvertiser(store::Tx& tx, const std::string& operator_name,
                      const std::string& advertiser_name) {
    domain::Operator op;
    op.name = operator_name;
    op.created_at = op.updated_at = clock_.now();
    auto o = tx.operators().insert(op);
    ASSERT_TRUE(o) << o.error().message;
    op_ = o->id;
    domain::Advertiser a;
    a.operator_id = op_;
    a.name = advertiser_name;
    a.created_at = a.updated_at = clock_.now();
    auto made = tx.advertisers().insert(a);
    ASSERT_TRUE(made) << made.error().message;
    adv_ = made->id;
  }

  hk::test::FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  domain::Id op_ = 0, adv_ = 0;
};

}  // namespace hk::service::test
