#include "calllog/judgement.hpp"

namespace hk::calllog {
namespace {

using domain::CallRecord;
using domain::DialStat;
using domain::ValidRes;

int64_t talkSec(const CallRecord& r) { return r.talking_ms / 1000; }

bool withheld(const CallRecord& r) {
  return r.clr_id_index.empty() || r.clr_type == domain::DeviceType::Withheld;
}

// The rule that makes the call billable ("" when none).
std::string qualifyingRule(const CallRecord& r, const domain::JudgementSettings& s) {
  for (const auto& rule : s.ivr_rules) {
    auto v = r.vars.find(rule.var);
    if (v == r.vars.end() || v->second != rule.value) continue;
    if (rule.min_talk_sec == 0 || talkSec(r) >= rule.min_talk_sec) return "ivr_choice";
  }
  if (r.dial_stat == DialStat::Answered && talkSec(r) >= s.valid_threshold_sec) {
    return "talk_seconds";
  }
  return {};
}

}  // namespace

bool needsDuplicateCheck(const CallRecord& r, const domain::JudgementSettings& s) {
  if (r.dial_stat == DialStat::Blocked || r.valid_res != ValidRes::Pending || r.fax) return false;
  if (s.duplicate_window_sec <= 0 || withheld(r) || r.client_id == 0) return false;
  return !qualifyingRule(r, s).empty();
}

Verdict judge(const CallRecord& r, const JudgementFacts& f) {
  if (r.dial_stat == DialStat::Blocked) return {ValidRes::Invalid, "blocked"};
  if (r.valid_res != ValidRes::Pending) {
    return {r.valid_res, r.valid_rule.empty() ? std::string("post_call_key") : r.valid_rule};
  }
  if (r.fax) return {ValidRes::Invalid, "fax"};
  std::string rule = qualifyingRule(r, f.settings);
  if (!rule.empty()) {
    bool duplicate =
        f.settings.duplicate_window_sec > 0 && !withheld(r) && !f.excluded && f.earlier_valid;
    if (duplicate) return {ValidRes::InvalidDuplicate, "duplicate"};
    return {ValidRes::Valid, rule};
  }
  if (r.dial_stat != DialStat::Answered) return {ValidRes::Invalid, "not_answered"};
  return {ValidRes::InvalidShort, "too_short"};
}

void applyVerdict(const Verdict& v, CallRecord& r) {
  r.valid_res = v.res;
  r.valid_rule = v.rule;
}

}  // namespace hk::calllog
