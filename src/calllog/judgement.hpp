#pragma once
// Valid-call judgement (成果判定, SPEC §6): what a finished call is worth to the advertiser.
// Pure: the writer (writer.cpp, on its own thread, inside the transaction that finalises the
// record) gathers the facts that need the store (the advertiser's settings, whether the
// caller is on the advertiser's exclusion list, whether the caller already made a valid call
// to the advertiser inside the duplicate window) and judge() decides.
//
// Rules, first match wins (valid_rule names the row):
//  1. blocked        the caller was on a block list          -> invalid
//  2. (kept)         the flow already set a result (post-call key: "post_call_key")
//  3. fax            fax tones                                -> invalid
//  4. a call that QUALIFIES — an IVR rule matches (var = value and talk >= its min_talk_sec,
//     answered or not when min_talk_sec is 0: "ivr_choice"), or it was answered with
//     talk >= valid_threshold_sec ("talk_seconds") — is
//       duplicate    when the caller (not withheld, not excluded) already made a VALID call
//                    to the same advertiser inside the window  -> invalid_duplicate
//       else         valid (rule "ivr_choice" or "talk_seconds")
//  5. not_answered   not answered (dial_stat other than answered) -> invalid
//  6. too_short      answered, talk under the threshold           -> invalid_short
// A duplicate is thus a call that would be billable but repeats one already billed: a
// missed call, a short one or a blocked one before it never makes a later call a duplicate.
#include <string>

#include "domain/account.hpp"
#include "domain/call_record.hpp"

namespace hk::calllog {

struct JudgementFacts {
  domain::JudgementSettings settings;
  bool excluded = false;       // the caller is on the advertiser's exclusion list
  bool earlier_valid = false;  // a valid call from the caller inside the window before it
};

struct Verdict {
  domain::ValidRes res = domain::ValidRes::Pending;
  std::string rule;
};

// Whether judge() needs `earlier_valid` for `r` (a query the writer skips otherwise).
bool needsDuplicateCheck(const domain::CallRecord& r, const domain::JudgementSettings& s);

Verdict judge(const domain::CallRecord& r, const JudgementFacts& f);

// judge() onto the record (valid_res, valid_rule).
void applyVerdict(const Verdict& v, domain::CallRecord& r);

}  // namespace hk::calllog
