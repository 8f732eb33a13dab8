// Valid-call judgement: one row per rule and boundary (calllog/judgement.hpp).
#include "calllog/judgement.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace hk::calllog {
namespace {

using domain::CallRecord;
using domain::DialStat;
using domain::ValidRes;

CallRecord answered(int64_t talk_ms) {
  CallRecord r;
  r.client_id = 7;
  r.dial_stat = DialStat::Answered;
  r.talking_ms = talk_ms;
  r.clr_id_index = "idx-caller";
  r.clr_type = domain::DeviceType::Mobile;
  return r;
}

JudgementFacts facts(int threshold, int window = 0) {
  JudgementFacts f;
  f.settings.valid_threshold_sec = threshold;
  f.settings.duplicate_window_sec = window;
  return f;
}

// facts(threshold, window) for a caller with a valid call inside the window.
JudgementFacts repeatFacts(int threshold, int window) {
  auto f = facts(threshold, window);
  f.earlier_valid = true;
  return f;
}

// A call that ended as `stat` before any talk.
CallRecord ended(DialStat stat) {
  auto r = answered(0);
  r.dial_stat = stat;
  return r;
}

// An answered call whose caller chose `key` in the IVR menu.
CallRecord chose(int64_t talk_ms, std::string key) {
  auto r = answered(talk_ms);
  r.vars["menu"] = std::move(key);
  return r;
}

struct Row {
  std::string name;
  std::function<CallRecord()> record;
  std::function<JudgementFacts()> facts;
  ValidRes res;
  std::string rule;
  bool needs_duplicate_check;
};

TEST(Judgement, Table) {
  auto withIvr = [](JudgementFacts f, std::string value, int min_sec) {
    f.settings.ivr_rules.push_back({"menu", std::move(value), min_sec});
    return f;
  };
  std::vector<Row> rows = {
      {"threshold: one ms under", [] { return answered(29'999); }, [] { return facts(30); },
       ValidRes::InvalidShort, "too_short", false},
      {"threshold: exactly", [] { return answered(30'000); }, [] { return facts(30); },
       ValidRes::Valid, "talk_seconds", false},
      {"threshold 0: any answered call", [] { return answered(0); }, [] { return facts(0); },
       ValidRes::Valid, "talk_seconds", false},
      {"duplicate inside the window", [] { return answered(90'000); },
       [] { return repeatFacts(30, 86400); }, ValidRes::InvalidDuplicate, "duplicate", true},
      {"no earlier valid call inside the window", [] { return answered(90'000); },
       [] { return facts(30, 86400); }, ValidRes::Valid, "talk_seconds", true},
      {"window off: never a duplicate", [] { return answered(90'000); },
       [] { return repeatFacts(30, 0); }, ValidRes::Valid, "talk_seconds", false},
      {"excluded caller is not a duplicate", [] { return answered(90'000); },
       [] {
         auto f = repeatFacts(30, 86400);
         f.excluded = true;
         return f;
       },
       ValidRes::Valid, "talk_seconds", true},
      {"withheld caller is never a duplicate",
       [] {
         auto r = answered(90'000);
         r.clr_id_index.clear();
         r.clr_type = domain::DeviceType::Withheld;
         return r;
       },
       [] { return repeatFacts(30, 86400); }, ValidRes::Valid, "talk_seconds", false},
      {"short repeat call is too short, not a duplicate", [] { return answered(5'000); },
       [] { return repeatFacts(30, 86400); }, ValidRes::InvalidShort, "too_short", false},
      {"IVR choice + seconds: enough talk", [] { return chose(12'000, "2"); },
       [&] { return withIvr(facts(60), "2", 10); }, ValidRes::Valid, "ivr_choice", false},
      {"IVR choice + seconds: too little talk", [] { return chose(9'000, "2"); },
       [&] { return withIvr(facts(60), "2", 10); }, ValidRes::InvalidShort, "too_short", false},
      {"IVR other choice", [] { return chose(12'000, "1"); },
       [&] { return withIvr(facts(60), "2", 10); }, ValidRes::InvalidShort, "too_short", false},
      {"IVR choice alone, not answered",
       [] {
         auto r = chose(0, "3");
         r.dial_stat = DialStat::Transferred;
         return r;
       },
       [&] { return withIvr(facts(60), "3", 0); }, ValidRes::Valid, "ivr_choice", false},
      {"not answered", [] { return ended(DialStat::NoAnswer); }, [] { return facts(0); },
       ValidRes::Invalid, "not_answered", false},
      {"caller hung up first", [] { return ended(DialStat::Incomplete); },
       [] { return facts(30, 86400); }, ValidRes::Invalid, "not_answered", false},
      {"fax",
       [] {
         auto r = answered(120'000);
         r.fax = true;
         return r;
       },
       [] { return facts(30); }, ValidRes::Invalid, "fax", false},
      {"blocked", [] { return ended(DialStat::Blocked); }, [] { return facts(0); },
       ValidRes::Invalid, "blocked", false},
      {"explicit result from the flow wins",
       [] {
         auto r = answered(2'000);
         r.valid_res = ValidRes::Valid;
         r.valid_rule = "post_call_key";
         return r;
       },
       [] { return repeatFacts(30, 86400); }, ValidRes::Valid, "post_call_key", false},
      {"explicit invalid without a rule name",
       [] {
         auto r = answered(200'000);
         r.valid_res = ValidRes::Invalid;
         return r;
       },
       [] { return facts(30); }, ValidRes::Invalid, "post_call_key", false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    auto r = row.record();
    auto f = row.facts();
    auto v = judge(r, f);
    EXPECT_EQ(v.res, row.res);
    EXPECT_EQ(v.rule, row.rule);
    EXPECT_EQ(needsDuplicateCheck(r, f.settings), row.needs_duplicate_check);
    applyVerdict(v, r);
    EXPECT_EQ(r.valid_res, row.res);
    EXPECT_EQ(r.valid_rule, row.rule);
  }
}

}  // namespace
}  // namespace hk::calllog
