// gather: the executor (the document's validator is flow/verbs/gather.cpp). One try is: the
// prompt plays with barge-in while the caller's keys are already collected; the wait for a
// key (timeout_sec) counts from the end of the prompt, so a long prompt does not eat it.
// An entry ends at max_digits, the terminator or timeout_sec after the last key. A menu
// goes to choices/<entry> (an entry not listed is invalid); free entry goes to next. The
// entry is kept under `variable`. A timeout (nothing entered) or an invalid entry replays
// the prompt while retries last, then leaves by on_timeout / on_invalid (the kind of the
// last try decides). Without media (no digits can come) the step leaves by on_timeout.
#include <algorithm>
#include <chrono>
#include <optional>
#include <set>
#include <string>

#include "base/log.hpp"
#include "engine/verbs/common/step_params.hpp"
#include "engine/verbs/register.hpp"

namespace hk::engine {
namespace {

using namespace std::chrono_literals;

// While the prompt plays, the collection waits this long for a first key: the prompt's end
// restarts the wait with timeout_sec (a prompt longer than this counts as a timeout).
constexpr std::chrono::milliseconds kPromptAllowance = 10min;

struct GatherConfig {
  std::optional<b2bua::PlaySpec> prompt;
  bool menu = false;
  std::set<std::string, std::less<>> choices;
  size_t max_digits = 1;
  std::optional<char> terminator = '#';
  std::chrono::milliseconds timeout = 5s;
  int retries = 2;
  std::string variable;
};

GatherConfig readConfig(const flow::Step& step) {
  const Json& p = step.params;
  GatherConfig c;
  c.prompt = verbs::audioPlay(verbs::objectParam(p, "prompt"));
  if (c.prompt) c.prompt->barge_in = true;
  size_t longest = 0;
  if (const Json* choices = verbs::objectParam(p, "choices")) {
    c.menu = true;
    for (const auto& [key, target] : choices->items()) {
      c.choices.insert(key);
      longest = std::max(longest, key.size());
    }
  }
  c.max_digits = static_cast<size_t>(
      std::clamp<int64_t>(verbs::intParam(p, "max_digits", std::max<int64_t>(longest, 1)), 1, 32));
  c.terminator = verbs::keyParam(p, "terminator", '#');
  c.timeout =
      std::chrono::seconds(std::clamp<int64_t>(verbs::intParam(p, "timeout_sec", 5), 1, 60));
  c.retries = static_cast<int>(std::clamp<int64_t>(verbs::intParam(p, "retries", 2), 0, 9));
  c.variable = verbs::stringParam(p, "variable");
  return c;
}

class GatherRun final : public VerbRun {
 public:
  explicit GatherRun(GatherConfig config) : c_(std::move(config)), tries_left_(c_.retries) {}

  // A caller in early media is answered by the engine before the first collection.
  void start(StepContext& ctx) override { beginTry(ctx); }

  void onPlayDone(StepContext& ctx, b2bua::PlayId id, b2bua::PlayEnd end) override {
    if (id == 0 || id != play_) return;
    play_ = 0;
    if (end == b2bua::PlayEnd::Failed) {
      HK_LOG_WARN(lg(), "call {}: gather {}: the prompt could not be played",
                  ctx.call().info().trn_id, ctx.step().id);
    }
    // A barge-in key is on its way to the running collection; the caller is gone on Hangup.
    if (end == b2bua::PlayEnd::BargeIn || end == b2bua::PlayEnd::Hangup || keyed_) return;
    collect(ctx, c_.timeout);
  }

  void onDigit(StepContext&, char) override { keyed_ = true; }

  void onDigits(StepContext& ctx, const std::string& digits, b2bua::DigitsEnd) override {
    if (!collecting_) return;
    collecting_ = false;
    stopPrompt(ctx);
    if (digits.empty()) return retryOr(ctx, "on_timeout");
    if (c_.menu && !c_.choices.count(digits)) {
      HK_LOG_INFO(lg(), "call {}: gather {}: invalid entry ({} keys)", ctx.call().info().trn_id,
                  ctx.step().id, digits.size());
      return retryOr(ctx, "on_invalid");
    }
    if (!c_.variable.empty()) ctx.setVar(c_.variable, digits);
    ctx.go(c_.menu ? "choices/" + digits : std::string("next"));
  }

 private:
  static const std::shared_ptr<spdlog::logger>& lg() {
    static const auto logger = log::get("engine");
    return logger;
  }

  void beginTry(StepContext& ctx) {
    keyed_ = false;
    if (!c_.prompt) {
      collect(ctx, c_.timeout);
      return;
    }
    if (!collect(ctx, kPromptAllowance)) return;
    play_ = ctx.call().play(*c_.prompt);  // 0: the call has ended
  }

  // Starts (or restarts) the collection; false when the step has left for want of media.
  bool collect(StepContext& ctx, std::chrono::milliseconds first_timeout) {
    b2bua::DigitSpec spec;
    spec.max_digits = c_.max_digits;
    spec.terminator = c_.terminator;
    spec.first_timeout = first_timeout;
    spec.inter_digit_timeout = c_.timeout;
    auto st = ctx.call().collectDigits(spec);
    if (!st) {
      HK_LOG_WARN(lg(), "call {}: gather {}: cannot collect digits: {}", ctx.call().info().trn_id,
                  ctx.step().id, st.error().message);
      collecting_ = false;
      stopPrompt(ctx);
      ctx.go("on_timeout");
      return false;
    }
    collecting_ = true;
    return true;
  }

  void stopPrompt(StepContext& ctx) {
    if (!play_) return;
    b2bua::PlayId id = play_;
    play_ = 0;  // its onPlayDone(Stopped) is not ours any more
    ctx.call().stopPlay(id);
  }

  void retryOr(StepContext& ctx, const char* branch) {
    if (tries_left_ > 0) {
      --tries_left_;
      beginTry(ctx);
      return;
    }
    ctx.go(branch);
  }

  GatherConfig c_;
  int tries_left_;
  b2bua::PlayId play_ = 0;
  bool collecting_ = false;
  bool keyed_ = false;  // a key came in this try
};

}  // namespace

void registerGatherRun(RunRegistry& r) {
  r.add("gather", [](const flow::Step& s) { return std::make_unique<GatherRun>(readConfig(s)); });
}

}  // namespace hk::engine
