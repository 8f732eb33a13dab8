#include "store_fixture.hpp"

namespace hk::test {

using namespace std::chrono_literals;

domain::Operator StoreTest::addOperator(const std::string& name) {
  auto t = tx();
  domain::Operator o;
  o.name = name;
  auto r = t->operators().insert(o);
  EXPECT_TRUE(r) << r.error().message;
  EXPECT_TRUE(t->commit());
  return r.value_or(o);
}

domain::Advertiser StoreTest::addAdvertiser(domain::Id op, const std::string& name) {
  auto t = tx();
  domain::Advertiser a;
  a.operator_id = op;
  a.name = name;
  auto r = t->advertisers().insert(a);
  EXPECT_TRUE(r) << r.error().message;
  EXPECT_TRUE(t->commit());
  return r.value_or(a);
}

domain::TrackingNumber StoreTest::addNumber(domain::Id op, domain::Id adv,
                                            const std::string& number) {
  auto t = tx();
  domain::TrackingNumber n;
  n.operator_id = op;
  n.advertiser_id = adv;
  n.number = number;
  n.type = domain::classifyNumber(number);
  n.name = "ad " + number;
  n.destinations = {"0312345678"};
  n.state = adv != 0 ? domain::NumberState::Assigned : domain::NumberState::Available;
  auto r = t->numbers().insert(n);
  EXPECT_TRUE(r) << r.error().message;
  EXPECT_TRUE(t->commit());
  return r.value_or(n);
}

domain::CallRecord fullRecord(const std::string& trn_id, WallTime din) {
  domain::CallRecord r;
  r.seq_num = 0;
  r.trn_id = trn_id;
  r.state = domain::CallState::InProgress;
  r.din_id = "0120123456789";
  r.suffix = "789";
  r.operator_id = 3;
  r.client_id = 7;
  r.client_name = "広告主 A";
  r.dialin_id = 11;
  r.dialin_name = "spring campaign";
  r.fwd_id = "0312345678";
  r.clr_id_cipher = "v1:cipher==";
  r.clr_id_index = "idx-abc";
  r.clr_id_masked = "090****5678";
  r.din_tms = din;
  r.ans_tms = din + 120ms;
  r.tst_tms = din + 8'250ms;
  r.eoc_tms = din + 68'999ms;
  r.calling_ms = 7'001;
  r.talking_ms = 60'749;
  r.conn_ms = 68'999;
  r.dial_stat = domain::DialStat::Answered;
  r.clr_type = domain::DeviceType::Mobile;
  r.fwd_type = domain::DeviceType::Fixed;
  r.hup_usr = domain::HupUsr::Callee;
  r.valid_res = domain::ValidRes::InvalidDuplicate;
  r.nfy_email = true;
  r.nfy_http = true;
  r.call_charge = 42;
  r.fax = true;
  r.end_reason = "max call length";
  r.sip_call_id = "a84b4c76e66710@pc33";
  r.region = "関東";
  r.params = {{"utm_source", "google"}, {"gclid", "x_1%"}};
  r.vars = {{"menu", "2"}, {"digits", "1234#"}};
  domain::CallAttempt a1;
  a1.index = 1;
  a1.destination = "0311111111";
  a1.sip_code = 486;
  a1.reason = "Busy Here";
  a1.ring_ms = 3'000;
  a1.started_at = din + 1'000ms;
  a1.ended_at = din + 4'000ms;
  domain::CallAttempt a2;
  a2.index = 2;
  a2.destination = "0312345678";
  a2.sip_code = 200;
  a2.reason = "OK";
  a2.ring_ms = 4'001;
  a2.started_at = din + 4'000ms;
  a2.answered_at = din + 8'001ms;
  a2.ended_at = din + 68'999ms;
  r.attempts = {a1, a2};
  r.last_activity = din + 68'999ms;
  return r;
}

void expectSameRecord(const domain::CallRecord& a, const domain::CallRecord& b) {
  EXPECT_EQ(a.seq_num, b.seq_num);
  EXPECT_EQ(a.trn_id, b.trn_id);
  EXPECT_EQ(a.state, b.state);
  EXPECT_EQ(a.din_id, b.din_id);
  EXPECT_EQ(a.suffix, b.suffix);
  EXPECT_EQ(a.operator_id, b.operator_id);
  EXPECT_EQ(a.client_id, b.client_id);
  EXPECT_EQ(a.client_name, b.client_name);
  EXPECT_EQ(a.dialin_id, b.dialin_id);
  EXPECT_EQ(a.dialin_name, b.dialin_name);
  EXPECT_EQ(a.fwd_id, b.fwd_id);
  EXPECT_EQ(a.clr_id_cipher, b.clr_id_cipher);
  EXPECT_EQ(a.clr_id_index, b.clr_id_index);
  EXPECT_EQ(a.clr_id_masked, b.clr_id_masked);
  EXPECT_EQ(a.din_tms, b.din_tms);
  EXPECT_EQ(a.ans_tms, b.ans_tms);
  EXPECT_EQ(a.tst_tms, b.tst_tms);
  EXPECT_EQ(a.eoc_tms, b.eoc_tms);
  EXPECT_EQ(a.calling_ms, b.calling_ms);
  EXPECT_EQ(a.talking_ms, b.talking_ms);
  EXPECT_EQ(a.conn_ms, b.conn_ms);
  EXPECT_EQ(a.dial_stat, b.dial_stat);
  EXPECT_EQ(a.clr_type, b.clr_type);
  EXPECT_EQ(a.fwd_type, b.fwd_type);
  EXPECT_EQ(a.hup_usr, b.hup_usr);
  EXPECT_EQ(a.valid_res, b.valid_res);
  EXPECT_EQ(a.nfy_email, b.nfy_email);
  EXPECT_EQ(a.nfy_http, b.nfy_http);
  EXPECT_EQ(a.call_charge, b.call_charge);
  EXPECT_EQ(a.fax, b.fax);
  EXPECT_EQ(a.end_reason, b.end_reason);
  EXPECT_EQ(a.sip_call_id, b.sip_call_id);
  EXPECT_EQ(a.region, b.region);
  EXPECT_EQ(a.params, b.params);
  EXPECT_EQ(a.vars, b.vars);
  EXPECT_EQ(a.last_activity, b.last_activity);
  ASSERT_EQ(a.attempts.size(), b.attempts.size());
  for (size_t i = 0; i < a.attempts.size(); ++i) {
    SCOPED_TRACE("attempt " + std::to_string(i));
    const auto& x = a.attempts[i];
    const auto& y = b.attempts[i];
    EXPECT_EQ(x.index, y.index);
    EXPECT_EQ(x.destination, y.destination);
    EXPECT_EQ(x.sip_code, y.sip_code);
    EXPECT_EQ(x.reason, y.reason);
    EXPECT_EQ(x.ring_ms, y.ring_ms);
    EXPECT_EQ(x.started_at, y.started_at);
    EXPECT_EQ(x.answered_at, y.answered_at);
    EXPECT_EQ(x.ended_at, y.ended_at);
  }
}

}  // namespace hk::test
