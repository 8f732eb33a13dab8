#include "service/validate.hpp"

#include <fmt/format.h>

#include <cctype>

#include "domain/enum_names.hpp"
#include "domain/phone.hpp"

namespace hk::service {

Error invalidFields(const FieldErrors& errs) {
  std::string msg;
  for (const auto& e : errs) {
    if (!msg.empty()) msg += "; ";
    msg += e.field + ": " + e.reason;
  }
  return Error{Code::Invalid, msg, errs.empty() ? std::string() : errs.front().field, errs};
}

std::string normalizePhone(const std::string& text) {
  return domain::normalizePhone(text, domain::kMaxPhoneDigits);
}

bool isSipUri(const std::string& text) {
  if (text.rfind("sip:", 0) != 0 && text.rfind("sips:", 0) != 0) return false;
  auto at = text.find('@');
  if (at == std::string::npos || at + 1 >= text.size()) return false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == '"')
      return false;
  }
  return text.size() <= 255;
}

void checkName(const std::string& field, const std::string& v, FieldErrors& errs) {
  if (v.empty()) {
    errs.push_back({field, "must not be empty"});
  } else if (v.size() > 200) {
    errs.push_back({field, "must be at most 200 bytes"});
  } else {
    for (unsigned char c : v) {
      if (c < 0x20 || c == 0x7f) {
        errs.push_back({field, "must not contain control characters"});
        return;
      }
    }
  }
}

void checkTimezone(const std::string& field, const std::string& v, bool allow_empty,
                   FieldErrors& errs) {
  if (v.empty()) {
    if (!allow_empty) errs.push_back({field, "must not be empty"});
    return;
  }
  bool ok = v == "UTC" || v.find('/') != std::string::npos;
  for (char c : v) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
          c == '+')) {
      ok = false;
    }
  }
  if (!ok || v.size() > 64) errs.push_back({field, "must be an IANA time zone like Asia/Tokyo"});
}

FieldErrors normalizeNumber(domain::TrackingNumber& n, bool type_given) {
  FieldErrors errs;
  std::string digits = normalizePhone(n.number);
  if (digits.empty()) {
    errs.push_back({"/number", "must be a phone number (digits, optional + and separators)"});
  } else {
    n.number = digits;
    auto guessed = domain::classifyNumber(digits);
    if (!type_given) n.type = guessed;
    auto info = domain::typeInfo(n.type);
    int len = static_cast<int>(digits.size()) - (digits[0] == '+' ? 1 : 0);
    if (n.type != domain::NumberType::Other && guessed != n.type) {
      errs.push_back({"/type", fmt::format("{} does not match the number's prefix ({})",
                                           domain::name(n.type), domain::name(guessed))});
    } else if (len < info.min_digits || len > info.max_digits) {
      errs.push_back(
          {"/number", fmt::format("a {} number has {} to {} digits, got {}", domain::name(n.type),
                                  info.min_digits, info.max_digits, len)});
    }
  }
  checkName("/name", n.name, errs);
  if (n.destinations.size() > domain::kMaxDestinations) {
    errs.push_back(
        {"/destinations", fmt::format("at most {} destinations", domain::kMaxDestinations)});
  }
  for (size_t i = 0; i < n.destinations.size(); ++i) {
    auto& d = n.destinations[i];
    if (isSipUri(d)) continue;
    std::string nd = normalizePhone(d);
    if (nd.empty()) {
      errs.push_back({fmt::format("/destinations/{}", i), "must be a phone number or a sip: URI"});
    } else if (nd == n.number) {
      errs.push_back(
          {fmt::format("/destinations/{}", i), "must not be the tracking number itself"});
    } else {
      d = nd;
    }
  }
  if (n.max_lines < 0 || n.max_lines > 10000) errs.push_back({"/max_lines", "must be 0..10000"});
  if (n.ring_timeout_sec < 1 || n.ring_timeout_sec > 300) {
    errs.push_back({"/ring_timeout_sec", "must be 1..300"});
  }
  if (n.initial_cost < 0) errs.push_back({"/initial_cost", "must not be negative"});
  if (n.monthly_cost < 0) errs.push_back({"/monthly_cost", "must not be negative"});
  return errs;
}

FieldErrors checkAdvertiser(const domain::Advertiser& a) {
  FieldErrors errs;
  checkName("/name", a.name, errs);
  checkTimezone("/timezone", a.timezone, true, errs);
  if (a.max_lines < 0 || a.max_lines > 100000) errs.push_back({"/max_lines", "must be 0..100000"});
  const auto& jd = a.judgement;
  if (jd.valid_threshold_sec < 0 || jd.valid_threshold_sec > kMaxValidThresholdSec) {
    errs.push_back({"/judgement/valid_threshold_sec",
                    "must be between 0 and " + std::to_string(kMaxValidThresholdSec)});
  }
  if (jd.duplicate_window_sec < 0 || jd.duplicate_window_sec > kMaxDuplicateWindowSec) {
    errs.push_back({"/judgement/duplicate_window_sec",
                    "must be between 0 and " + std::to_string(kMaxDuplicateWindowSec)});
  }
  if (jd.ivr_rules.size() > kMaxIvrRules) {
    errs.push_back({"/judgement/ivr_rules", "must have at most 20 rules"});
  }
  for (size_t i = 0; i < jd.ivr_rules.size(); ++i) {
    const auto& r = jd.ivr_rules[i];
    std::string at = "/judgement/ivr_rules/" + std::to_string(i);
    if (r.var.empty()) errs.push_back({at + "/var", "must not be empty"});
    if (r.value.empty()) errs.push_back({at + "/value", "must not be empty"});
    if (r.min_talk_sec < 0 || r.min_talk_sec > kMaxValidThresholdSec) {
      errs.push_back(
          {at + "/min_talk_sec", "must be between 0 and " + std::to_string(kMaxValidThresholdSec)});
    }
  }
  return errs;
}

FieldErrors checkOperator(const domain::Operator& o) {
  FieldErrors errs;
  checkName("/name", o.name, errs);
  checkTimezone("/timezone", o.timezone, false, errs);
  return errs;
}

FieldErrors checkUser(const domain::User& u) {
  FieldErrors errs;
  if (u.login.size() < 3 || u.login.size() > 200) {
    errs.push_back({"/login", "must be 3 to 200 characters"});
  }
  for (unsigned char c : u.login) {
    if (c <= 0x20 || c == 0x7f) {
      errs.push_back({"/login", "must not contain spaces or control characters"});
      break;
    }
  }
  if (!u.display_name.empty() && u.display_name.size() > 200) {
    errs.push_back({"/display_name", "must be at most 200 bytes"});
  }
  return errs;
}

}  // namespace hk::service
