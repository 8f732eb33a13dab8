// gather: an IVR menu, or digits the caller types (member number, callback number).
//   {"verb": "gather",
//    "prompt": {"text": "ご用件の番号を押してください。"},
//    "choices": {"1": "sales", "2": "support", "9": "greeting"},
//    "max_digits": 1, "terminator": "#", "timeout_sec": 5, "retries": 2,
//    "variable": "menu", "on_invalid": "<step>", "on_timeout": "<step>"}
// prompt       audio (file or text) played before waiting; replayed on each retry
// choices      digits -> step: a menu. Keys are 1..max_digits keys of 0-9 * # (without the
//              terminator); at most 100 entries
// next         instead of choices: any entry goes on to this step (collect digits)
// max_digits   1..32 (default: the longest choice, or 1)
// terminator   "#" (default), "*" or "" (none): ends an entry early
// timeout_sec  1..60 seconds to wait for a key (default 5)
// retries      0..9 more tries after a timeout or a wrong entry (default 2)
// variable     the entry is stored on the call log under this name (a-z, 0-9, _)
// Branches: choices/<digits>, next, on_invalid (wrong entry, tries used up), on_timeout
// (nothing entered, tries used up). A missing on_invalid/on_timeout ends the flow there.
// The caller's keys bound any loop through a gather (it waits for the caller).
#include <algorithm>

#include "flow/detail/text.hpp"
#include "flow/verb_registry.hpp"
#include "flow/verbs/common/audio.hpp"

namespace hk::flow {
namespace {

constexpr size_t kMaxChoices = 100;
constexpr int64_t kMaxDigits = 32;

void check(StepReader& r) {
  verbs::readAudioObject(r, "prompt");
  auto max_digits = r.integer("max_digits", 1, kMaxDigits);
  auto terminator = r.oneOf("terminator", {"#", "*", ""});
  const char term = terminator ? (terminator->empty() ? '\0' : (*terminator)[0]) : '#';
  size_t longest = 0;
  const bool menu = r.has("choices");
  r.branchMap("choices", kMaxChoices, [&](const std::string& key) -> std::string {
    if (key.empty() || key.size() > static_cast<size_t>(kMaxDigits) ||
        !std::all_of(key.begin(), key.end(), detail::isDtmf)) {
      return "a choice is 1 to 32 keys of 0-9 * #";
    }
    if (term != '\0' && key.find(term) != std::string::npos) {
      return "contains the terminator key";
    }
    if (max_digits && key.size() > static_cast<size_t>(*max_digits)) {
      return "is longer than max_digits";
    }
    longest = std::max(longest, key.size());
    return {};
  });
  if (menu && r.has("next")) r.error("next", "a menu goes on through its choices, not next");
  if (!menu && !r.has("next") && r.isObject()) {
    r.error("choices", "a gather needs choices (a menu) or next (collect digits)");
  }
  r.branch("next");
  r.integer("timeout_sec", 1, 60);
  r.integer("retries", 0, 9);
  if (const Json* v = r.value("variable")) {
    if (!v->is_string() || !detail::isVariableName(v->get_ref<const std::string&>())) {
      r.error("variable", "must be a name of a-z, 0-9 and _ (starting with a letter), up to 40");
    }
  }
  r.branch("on_invalid");
  r.branch("on_timeout");
  r.waitsForCaller();
  r.usesCallerMedia();
}

}  // namespace

void registerGather(VerbRegistry& r) {
  (void)r.add({"gather",
               "read the caller's keys: a menu of choices, or digits to keep",
               {"choices", "next", "on_invalid", "on_timeout"},
               check});
}

}  // namespace hk::flow
