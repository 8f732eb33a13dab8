#pragma once
// Tenants and people: operator (事業者) → advertiser (広告主); users and API keys carry a
// role and the scope it applies to (SPEC §1).
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "domain/ids.hpp"
#include "domain/number.hpp"

namespace hk::domain {

enum class Role { SystemAdmin, OperatorAdmin, OperatorStaff, AdvertiserUser };

struct Operator {
  Id id = 0;
  std::string name;
  std::string timezone = "Asia/Tokyo";
  WallTime created_at{};
  WallTime updated_at{};
};

// Valid-call judgement (SPEC §6, calllog/judgement.hpp). An IVR rule: the flow variable
// `var` (a gather's result) equal to `value`, with at least min_talk_sec of talk (0: the
// choice alone makes the call valid).
struct IvrValidRule {
  std::string var;
  std::string value;
  int min_talk_sec = 0;
};

struct JudgementSettings {
  int valid_threshold_sec = 60;  // talk seconds at or above: valid
  int duplicate_window_sec = 0;  // a repeat caller inside it: invalid (duplicate); 0: off
  std::vector<IvrValidRule> ivr_rules;
};

struct Advertiser {
  Id id = 0;
  Id operator_id = 0;
  std::string name;
  std::string timezone;  // empty: the operator's
  int max_lines = 0;     // concurrent calls over all its numbers; 0 = unlimited
  bool active = true;
  JudgementSettings judgement;
  RecordingSetting recording;  // number.hpp; Inherit: media.recording
  WallTime created_at{};
  WallTime updated_at{};
};

struct User {
  Id id = 0;
  std::string login;  // e-mail or name, unique per installation
  std::string display_name;
  Role role = Role::OperatorStaff;
  Id operator_id = 0;               // 0 for system admins
  std::optional<Id> advertiser_id;  // set for advertiser users only
  std::string password_hash;        // argon2id string; never leaves the store layer in JSON
  bool disabled = false;
  WallTime created_at{};
  WallTime updated_at{};
};

struct ApiKey {
  Id id = 0;
  std::string prefix;  // public part, finds the row
  std::string hash;    // keyed BLAKE2b of the whole key, hex
  std::string name;
  Role role = Role::OperatorStaff;
  Id operator_id = 0;
  std::optional<Id> advertiser_id;
  Id created_by = 0;  // user id, 0 when made by hankyoctl
  WallTime created_at{};
  std::optional<WallTime> last_used_at;
  std::optional<WallTime> revoked_at;
};

struct SessionRow {
  std::string token_hash;
  Id user_id = 0;
  WallTime created_at{};
  WallTime expires_at{};
};

// Who is asking: every service call takes one and applies its scope.
struct Principal {
  Role role = Role::AdvertiserUser;
  Id user_id = 0;     // 0 for API keys
  Id api_key_id = 0;  // 0 for sessions
  Id operator_id = 0;
  std::optional<Id> advertiser_id;
  std::string label;  // "user:12" / "key:3" for logs

  bool isSystem() const { return role == Role::SystemAdmin; }
  bool isOperatorLevel() const {
    return role == Role::OperatorAdmin || role == Role::OperatorStaff;
  }
  // May this principal see objects of (operator, advertiser)? advertiser 0 = operator-level.
  bool canSee(Id op, Id adv) const {
    if (isSystem()) return true;
    if (op != operator_id) return false;
    if (role == Role::AdvertiserUser) return adv != 0 && advertiser_id && *advertiser_id == adv;
    return true;
  }
  // Caller numbers are personal data (stored encrypted). Operator-level roles see the
  // numbers of their calls; advertiser users only where the number type shows the caller
  // to the advertiser (not on 0120/0800: SPEC §2). Withheld numbers are never stored.
  bool canSeeCallerNumber(NumberType type) const;
};

}  // namespace hk::domain
