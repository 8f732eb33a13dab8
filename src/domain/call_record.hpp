#pragma once
// One call-log record (SPEC §5), with the spec's JSON keys as member names where it names
// them. Times are UTC with milliseconds; durations in milliseconds from a monotonic clock.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "domain/ids.hpp"

namespace hk::domain {

enum class DialStat {
  Answered,         // 正常通話
  Busy,             // 話中
  NoAnswer,         // 無応答
  Incomplete,       // 不完了呼: the caller hung up first
  LineUnavailable,  // 回線不可
  Transferred,      // 通話転移: voicemail / automatic reception
  None,             // ステータス無: unknown number, rejected before any flow
  Blocked,          // caller on a block list (Hankyo's addition)
};
enum class HupUsr { Caller, Callee, System };
enum class DeviceType { Fixed, Mobile, Ip, Withheld, Payphone, Unavailable, Unknown };
enum class ValidRes { Pending, Valid, InvalidDuplicate, InvalidShort, Invalid };
enum class CallState { InProgress, Finished };

struct CallAttempt {
  int index = 0;  // 1-based order of the try
  std::string destination;
  int sip_code = 0;     // final response (0: none, e.g. timeout)
  std::string reason;   // reason phrase or Reason header text
  int64_t ring_ms = 0;  // from the attempt's start to answer or end
  WallTime started_at{};
  std::optional<WallTime> answered_at;
  WallTime ended_at{};
};

struct CallRecord {
  int64_t seq_num = 0;  // gap-free, assigned when the record is finalised
  std::string trn_id;   // 24 alphanumerics
  CallState state = CallState::InProgress;
  std::string din_id;  // the number called, with any arbitrary suffix
  std::string suffix;  // the arbitrary-suffix digits, if any
  Id operator_id = 0;
  Id client_id = 0;  // advertiser
  std::string client_name;
  Id dialin_id = 0;  // tracking number row
  std::string dialin_name;
  std::string fwd_id;  // the destination that answered (or the last tried)
  // Caller number: ciphertext (secure::CallerCipher), keyed blind index for equality
  // lookups, and a masked form for screens that may not see it. All empty when withheld.
  std::string clr_id_cipher;
  std::string clr_id_index;
  std::string clr_id_masked;
  WallTime din_tms{};               // incoming
  std::optional<WallTime> ans_tms;  // Hankyo answered the caller's leg
  std::optional<WallTime> tst_tms;  // caller and callee connected
  std::optional<WallTime> eoc_tms;  // end
  int64_t calling_ms = 0;
  int64_t talking_ms = 0;
  int64_t conn_ms = 0;
  DialStat dial_stat = DialStat::None;
  DeviceType clr_type = DeviceType::Unknown;
  DeviceType fwd_type = DeviceType::Unknown;
  HupUsr hup_usr = HupUsr::System;
  ValidRes valid_res = ValidRes::Pending;
  bool nfy_email = false;
  bool nfy_http = false;
  int64_t call_charge = 0;  // yen
  bool fax = false;
  std::string end_reason;  // free text: "max call length", "media timeout", "crash recovery"
  std::string sip_call_id;
  std::string region;
  std::map<std::string, std::string> params;  // tracking parameters (SPEC §3)
  std::map<std::string, std::string> vars;    // IVR choices, digits, tags
  std::vector<CallAttempt> attempts;
  // Why valid_res is what it is: "talk_seconds", "duplicate", "too_short", "ivr_choice",
  // "post_call_key", "blocked", "not_answered"; empty while pending.
  std::string valid_rule;
  // The flow that ran (flow engine): its id and version, and the step ids in visit order.
  Id flow_id = 0;
  int flow_version = 0;
  std::vector<std::string> flow_path;
  // The conversation's recording and the voicemail left: paths under media.dir, lengths in
  // ms; the errors when one was wanted but is missing.
  std::string recording;
  int64_t recording_ms = 0;
  std::string recording_error;
  std::string voicemail;
  int64_t voicemail_ms = 0;
  std::string voicemail_error;
  // Attribution (SPEC §3): the web visitor the call is credited to, through which lease of
  // which pool, how ("lease", "one_time", "dynamic_suffix", "caller_history", "static",
  // "none"), how sure (0..1), and the other visitors that could have made it.
  std::string visitor_id;
  std::string lease_id;
  Id pool_id = 0;
  std::string attribution;
  double attribution_confidence = 0;
  std::vector<std::string> attribution_candidates;
  WallTime last_activity{};  // crash recovery closes in-progress calls at this time
};

}  // namespace hk::domain
