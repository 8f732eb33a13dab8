#pragma once
// The caller's identity (SPEC §4): the number from P-Asserted-Identity or From (by trunk),
// and whether it is withheld (非通知), a payphone (公衆電話) or unavailable (表示圏外) when the
// carrier says so. A withheld number is never kept: `number` is empty.
#include <string>

#include "domain/call_record.hpp"
#include "sip/message.hpp"

namespace hk::b2bua {

enum class CallerSource { PAssertedIdentity, From };

struct CallerIdentity {
  std::string number;  // normalised ("09012345678"), empty when not presentable
  domain::DeviceType type = domain::DeviceType::Unknown;
  bool privacy_requested = false;  // Privacy: id/user/header, or a 184 prefix: pass it on
};

// Signals, in order: a `cpc=payphone` parameter or a "Coin line/payphone" display name →
// payphone; "Unavailable" / "Interaction with other service" → unavailable; Privacy id,
// user or header, an "anonymous" user or display name, anonymous.invalid host, or a 184
// prefix → withheld; a 186 prefix is dropped (presentation allowed). Otherwise the
// number's prefix gives fixed, mobile (070/080/090), IP (050) or unknown.
CallerIdentity callerIdentity(const sip::Message& invite, CallerSource source);

// Device type of a normalised Japanese number from its prefix.
domain::DeviceType deviceTypeOf(const std::string& number);

}  // namespace hk::b2bua
