// sms: send a text message (SPEC §9), e.g. the shop's address to a caller outside hours.
//   {"verb": "sms", "text": "営業時間は 9:00-18:00 です。", "to": "caller", "next": "<step>"}
// text  required: up to 670 characters (ten 67-character parts)
// to    caller (default: the caller's number; skipped when it is withheld or not a mobile)
//       or a phone number (an alert to the advertiser)
// Branches: next (whether or not the message could be sent).
#include "flow/detail/text.hpp"
#include "flow/verb_registry.hpp"

namespace hk::flow {
namespace {

constexpr size_t kMaxSmsChars = 670;

void check(StepReader& r) {
  if (auto text = r.text("text", kMaxSmsChars * 4, Need::Required)) {
    if (detail::codePoints(*text) > kMaxSmsChars) {
      r.error("text", "must be at most 670 characters");
    }
  }
  if (const Json* to = r.value("to")) {
    bool good = to->is_string() && (to->get_ref<const std::string&>() == "caller" ||
                                    detail::isPhoneNumber(to->get_ref<const std::string&>()));
    if (!good) r.error("to", "must be \"caller\" or a phone number");
  }
  r.branch("next");
}

}  // namespace

void registerSms(VerbRegistry& r) {
  (void)r.add({"sms", "send a text message to the caller or a number", {"next"}, check});
}

}  // namespace hk::flow
