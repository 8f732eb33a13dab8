// domain::toJson / fromJson of a CallRecord (SPEC §5 keys).
#include "domain/call_record_json.hpp"

#include "store_fixture.hpp"

namespace hk::test {
namespace {

using nlohmann::json;

const WallTime kDin = fromMillis(1'767'225'600'123);  // 2026-01-01T00:00:00.123Z

TEST(CallRecordJson, RoundTripKeepsEveryField) {
  domain::CallRecord r = fullRecord("TRN000000000000000000001", kDin);
  r.seq_num = 77;
  r.state = domain::CallState::Finished;
  auto back = domain::fromJson(json::parse(domain::toJson(r).dump()));
  ASSERT_TRUE(back) << back.error().message << " at " << back.error().field;
  expectSameRecord(*back, r);
}

TEST(CallRecordJson, UsesTheSpecKeysAndForms) {
  domain::CallRecord r = fullRecord("TRN000000000000000000001", kDin);
  r.tst_tms.reset();
  json j = domain::toJson(r);
  EXPECT_EQ(j["trn_id"], "TRN000000000000000000001");
  EXPECT_EQ(j["din_tms"], "2026-01-01T00:00:00.123Z");
  EXPECT_TRUE(j["tst_tms"].is_null());
  EXPECT_EQ(j["calling_ms"], 7001);
  EXPECT_EQ(j["calling_sec"], 7);   // truncated
  EXPECT_EQ(j["talking_sec"], 60);  // 60.749 s
  EXPECT_EQ(j["conn_sec"], 68);
  EXPECT_EQ(j["dial_stat"], "answered");
  EXPECT_EQ(j["clr_type"], "mobile");
  EXPECT_EQ(j["hup_usr"], "callee");
  EXPECT_EQ(j["logvars"]["valid_res"], "invalid_duplicate");
  EXPECT_EQ(j["nfy_email"], true);
  EXPECT_EQ(j["params"]["utm_source"], "google");
  EXPECT_EQ(j["attempts"][1]["sip_code"], 200);
  EXPECT_EQ(j["attempts"][0]["answered_at"], nullptr);
}

TEST(CallRecordJson, ReadsSecondsWhenMillisecondsAreAbsent) {
  json j = {{"trn_id", "T1"}, {"talking_sec", 12}, {"valid_res", "valid"}};
  auto r = domain::fromJson(j);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->talking_ms, 12'000);
  EXPECT_EQ(r->valid_res, domain::ValidRes::Valid);
}

TEST(CallRecordJson, BadInputIsInvalidWithThePointer) {
  struct Case {
    json j;
    std::string field;
  };
  const Case cases[] = {
      {json::array(), ""},
      {{{"din_id", "0120"}}, "/trn_id"},
      {{{"trn_id", 5}}, "/trn_id"},
      {{{"trn_id", "T"}, {"dial_stat", "exploded"}}, "/dial_stat"},
      {{{"trn_id", "T"}, {"din_tms", "yesterday"}}, "/din_tms"},
      {{{"trn_id", "T"}, {"conn_ms", "12"}}, "/conn_ms"},
      {{{"trn_id", "T"}, {"call_charge", 1.5}}, "/call_charge"},
      {{{"trn_id", "T"}, {"params", {{"a", 1}}}}, "/params"},
      {{{"trn_id", "T"}, {"logvars", {{"valid_res", "maybe"}}}}, "/logvars/valid_res"},
      {{{"trn_id", "T"}, {"attempts", {{{"sip_code", 99999999999}}}}}, "/attempts/0/sip_code"},
      {{{"trn_id", "T"}, {"seq_num", 18446744073709551615u}}, "/seq_num"},
  };
  for (const auto& c : cases) {
    auto r = domain::fromJson(c.j);
    ASSERT_FALSE(r) << c.j.dump();
    EXPECT_EQ(r.error().code, Code::Invalid) << c.j.dump();
    EXPECT_EQ(r.error().field, c.field) << c.j.dump();
  }
}

}  // namespace
}  // namespace hk::test
