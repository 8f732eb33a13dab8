#pragma once
// Domain validation shared by the API and `hankyoctl apply`: every problem is reported
// with the field it belongs to, so one response can name all of them.
#include <string>
#include <vector>

#include "base/result.hpp"
#include "domain/account.hpp"
#include "domain/number.hpp"

namespace hk::service {

using FieldError = FieldIssue;  // field: a JSON Pointer ("/destinations/2")
using FieldErrors = std::vector<FieldIssue>;

// One Invalid error carrying every field issue (message lists them; field = the first).
Error invalidFields(const FieldErrors& errs);

// "03-1234-5678", "+81 3 1234 5678" -> "0312345678"; "+1 (415) 555-0100" -> "+14155550100".
// Empty result when the text is not a phone number or has more than 20 digits
// (domain::normalizePhone).
std::string normalizePhone(const std::string& text);
bool isSipUri(const std::string& text);

void checkName(const std::string& field, const std::string& v, FieldErrors& errs);
void checkTimezone(const std::string& field, const std::string& v, bool allow_empty,
                   FieldErrors& errs);

// Normalises n.number and n.destinations in place and fills n.type when it was left Other
// and the digits say more. Returns the problems.
FieldErrors normalizeNumber(domain::TrackingNumber& n, bool type_given);
// Valid-call judgement settings of an advertiser (domain::JudgementSettings).
inline constexpr int kMaxValidThresholdSec = 3600;
inline constexpr int kMaxDuplicateWindowSec = 366 * 86400;
inline constexpr size_t kMaxIvrRules = 20;
FieldErrors checkAdvertiser(const domain::Advertiser& a);
FieldErrors checkOperator(const domain::Operator& o);
FieldErrors checkUser(const domain::User& u);

}  // namespace hk::service
