// The writer judges each finished record in the transaction that finalises it: the
// advertiser's settings, its exclusion list and the earlier calls come from the store.
#include "unit/calllog/writer_fixture.hpp"

namespace hk::calllog::test {
namespace {

using namespace std::chrono_literals;
using domain::ValidRes;

class JudgeWriterTest : public WriterFixture {
 protected:
  void SetUp() override {
    WriterFixture::SetUp();
    auto tx = db_->inner().begin(true);
    ASSERT_TRUE(tx);
    domain::Operator op;
    op.name = "acme";
    auto o = (*tx)->operators().insert(op);
    ASSERT_TRUE(o) << o.error().message;
    domain::Advertiser a;
    a.operator_id = o->id;
    a.name = "shop";
    a.judgement.valid_threshold_sec = 30;
    a.judgement.duplicate_window_sec = 3600;
    auto ins = (*tx)->advertisers().insert(a);
    ASSERT_TRUE(ins) << ins.error().message;
    adv_ = ins->id;
    store::ExclusionEntry e;
    e.advertiser_id = adv_;
    e.number_index = "idx-excluded";
    ASSERT_TRUE((*tx)->judgement().insertExclusion(e));
    ASSERT_TRUE((*tx)->commit());
  }

  domain::CallRecord talk(const std::string& caller, int64_t talk_ms, WallTime din) {
    auto r = call(0);
    r.client_id = adv_;
    r.clr_id_index = caller;
    r.clr_type = domain::DeviceType::Mobile;
    r.talking_ms = talk_ms;
    r.din_tms = din;
    return r;
  }

  domain::CallRecord writeAndRead(Writer& w, domain::CallRecord r) {
    std::string trn = r.trn_id;
    w.submitFinished(std::move(r));
    w.flush();
    auto got = get(trn);
    EXPECT_TRUE(got) << got.error().message;
    return got ? *got : domain::CallRecord{};
  }

  domain::Id adv_ = 0;
};

TEST_F(JudgeWriterTest, ThresholdThenDuplicateInsideTheWindowOnly) {
  auto w = startWriter(options());
  ASSERT_TRUE(w);
  WallTime t0 = clock_.now();
  auto first = writeAndRead(*w, talk("idx-a", 45'000, t0));
  EXPECT_EQ(first.valid_res, ValidRes::Valid);
  EXPECT_EQ(first.valid_rule, "talk_seconds");
  auto shorter = writeAndRead(*w, talk("idx-b", 29'000, t0));
  EXPECT_EQ(shorter.valid_res, ValidRes::InvalidShort);
  EXPECT_EQ(shorter.valid_rule, "too_short");
  auto again = writeAndRead(*w, talk("idx-a", 45'000, t0 + 10min));
  EXPECT_EQ(again.valid_res, ValidRes::InvalidDuplicate);
  EXPECT_EQ(again.valid_rule, "duplicate");
  // Past the hour after the first valid call (the duplicate in between was not valid).
  auto later = writeAndRead(*w, talk("idx-a", 45'000, t0 + 61min));
  EXPECT_EQ(later.valid_res, ValidRes::Valid);
}

TEST_F(JudgeWriterTest, ExcludedAndWithheldCallersAreNeverDuplicates) {
  auto w = startWriter(options());
  ASSERT_TRUE(w);
  WallTime t0 = clock_.now();
  EXPECT_EQ(writeAndRead(*w, talk("idx-excluded", 40'000, t0)).valid_res, ValidRes::Valid);
  EXPECT_EQ(writeAndRead(*w, talk("idx-excluded", 40'000, t0 + 1min)).valid_res, ValidRes::Valid);
  auto withheld = [&](WallTime din) {
    auto r = talk("", 40'000, din);
    r.clr_type = domain::DeviceType::Withheld;
    return r;
  };
  EXPECT_EQ(writeAndRead(*w, withheld(t0)).valid_res, ValidRes::Valid);
  EXPECT_EQ(writeAndRead(*w, withheld(t0 + 1min)).valid_res, ValidRes::Valid);
}

TEST_F(JudgeWriterTest, BlockedAndUnknownAdvertiser) {
  auto w = startWriter(options());
  ASSERT_TRUE(w);
  auto blocked = talk("idx-c", 0, clock_.now());
  blocked.dial_stat = domain::DialStat::Blocked;
  auto b = writeAndRead(*w, blocked);
  EXPECT_EQ(b.valid_res, ValidRes::Invalid);
  EXPECT_EQ(b.valid_rule, "blocked");
  // A number without an advertiser (client 0) and an advertiser since deleted: defaults.
  auto none = talk("idx-d", 61'000, clock_.now());
  none.client_id = 0;
  EXPECT_EQ(writeAndRead(*w, none).valid_res, ValidRes::Valid);
  auto gone = talk("idx-d", 59'000, clock_.now());
  gone.client_id = 4242;
  EXPECT_EQ(writeAndRead(*w, gone).valid_res, ValidRes::InvalidShort);
}

TEST_F(JudgeWriterTest, JudgementOffLeavesPending) {
  auto o = options();
  o.judge = false;
  auto w = startWriter(o);
  ASSERT_TRUE(w);
  EXPECT_EQ(writeAndRead(*w, talk("idx-a", 45'000, clock_.now())).valid_res, ValidRes::Pending);
}

}  // namespace
}  // namespace hk::calllog::test
