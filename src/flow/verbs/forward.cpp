// forward: ring the advertiser's phones (転送, 順次転送).
//   {"verb": "forward", "targets": ["03-1111-2222", "sip:desk@pbx.example.jp"],
//    "order": "sequential", "ring_timeout_sec": 20, "caller_id": "caller",
//    "whisper": {"text": "チラシからのお電話です。"}, "accept_key": "1",
//    "on_busy": "<step>", "on_no_answer": "<step>", "on_failed": "<step>"}
// targets           1..5 phone numbers or sip: URIs tried in turn; absent: the tracking
//                   number's destinations
// order             sequential (default: the list order every call) or round_robin (each
//                   call starts one further down the list)
// ring_timeout_sec  1..300 per target (default: the number's ring timeout)
// caller_id         the number the callee sees: caller (default), tracking_number or system;
//                   free-call numbers (0120/0800) always show the system number, and a
//                   withheld caller stays withheld
// whisper           audio the callee hears on answer, before the two are connected
// accept_key        a key (0-9 * #) the callee must press after the whisper to take the
//                   call; no key within 10 s counts as no answer
// post_call         post-call judgement: when the caller hangs up, the callee stays, hears
//                   "prompt" (audio) and presses a key of "keys" ({"1": "valid", "2":
//                   "invalid"}: 1..12 keys 0-9 * #, each valid or invalid), which sets the
//                   call's valid_res (valid_rule post_call_key); no key within "timeout_sec"
//                   (3..60, default 10) leaves the usual judgement. Talk time ends with the
//                   caller.
//                   {"prompt": {"text": "有効なお問い合わせなら1を押してください。"},
//                    "keys": {"1": "valid", "2": "invalid"}, "timeout_sec": 10}
// Branches: on_busy (every target busy, or the lines are full), on_no_answer (nobody
// answered), on_failed (no target could be reached). A missing branch ends the call with
// that outcome. When a callee answers, the call is connected and the flow ends with it.
#include "flow/detail/text.hpp"
#include "flow/verb_registry.hpp"
#include "flow/verbs/common/audio.hpp"

namespace hk::flow {
namespace {

constexpr size_t kMaxTargets = 5;  // domain::kMaxDestinations

void readPostCall(StepReader& r) {
  const Json* v = r.value("post_call");
  if (!v) return;
  ParamReader pc(*v, r.at("post_call"), r.issues());
  if (!pc.isObject()) return;
  verbs::readAudioObject(pc, "prompt", Need::Required);
  if (const Json* keys = pc.object("keys", Need::Required)) {
    if (keys->empty() || keys->size() > 12) pc.error("keys", "must have 1..12 keys");
    for (const auto& [key, value] : keys->items()) {
      std::string at = pointerTo(pc.at("keys"), key);
      if (key.size() != 1 || !detail::isDtmf(key[0])) {
        pc.issues().push_back({at, "must be one key: 0-9, * or #"});
      } else if (value != "valid" && value != "invalid") {
        pc.issues().push_back({at, "must be valid or invalid"});
      }
    }
  }
  pc.integer("timeout_sec", 3, 60);
  pc.finish();
}

void check(StepReader& r) {
  const Json* raw = r.value("targets");
  if (raw && raw->is_array() && raw->empty()) {
    r.error("targets", "must not be empty (leave targets out to use the number's destinations)");
  } else if (const Json* targets = r.array("targets", 1, kMaxTargets)) {
    for (size_t i = 0; i < targets->size(); ++i) {
      const Json& t = (*targets)[i];
      bool good = t.is_string() && (detail::isPhoneNumber(t.get_ref<const std::string&>()) ||
                                    detail::isSipUri(t.get_ref<const std::string&>()));
      if (!good) {
        r.issues().push_back({pointerTo(r.at("targets"), std::to_string(i)),
                              "must be a phone number or a sip: URI"});
      }
    }
  }
  r.oneOf("order", {"sequential", "round_robin"});
  r.integer("ring_timeout_sec", 1, 300);
  r.oneOf("caller_id", {"caller", "tracking_number", "system"});
  verbs::readAudioObject(r, "whisper");
  if (const Json* key = r.value("accept_key")) {
    if (!key->is_string() || key->get_ref<const std::string&>().size() != 1 ||
        !detail::isDtmf(key->get_ref<const std::string&>()[0])) {
      r.error("accept_key", "must be one key: 0-9, * or #");
    }
  }
  readPostCall(r);
  r.branch("on_busy");
  r.branch("on_no_answer");
  r.branch("on_failed");
}

}  // namespace

void registerForward(VerbRegistry& r) {
  (void)r.add({"forward",
               "ring the advertiser's phones in turn and connect the caller",
               {"on_busy", "on_no_answer", "on_failed"},
               check});
}

}  // namespace hk::flow
