// Call blocking at admission: the block-list snapshot (loaded off the loop with the number
// directory) and what a blocked caller gets — the carrier's intercept: early media (183)
// with "this number is not in service", then 404 Not Found (Q.850 cause 1, unallocated
// number), so the caller is never answered and never charged. The call is logged blocked
// (calllog/outcome.hpp rule 1) and judged invalid "blocked" by the writer.
#include "b2bua/detail/core.hpp"
#include "secure/caller_cipher.hpp"

namespace hk::b2bua {

namespace {

class BlockedHandler final : public CallHandler {
 public:
  BlockedHandler(std::string text, int code) : text_(std::move(text)), code_(code) {}

  void onStart(CallControl& call) override {
    if (text_.empty() || !call.answer(AnswerMode::EarlyMedia)) return call.hangUp(code_);
    PlaySpec spec;
    spec.text = text_;
    play_ = call.play(spec);
  }
  // A blocked call takes no line of its own; its announcement plays even when they are full.
  void onLinesFull(CallControl& call) override { onStart(call); }
  void onAttemptFailed(CallControl& call, const AttemptResult&) override { call.hangUp(code_); }
  void onPlayDone(CallControl& call, PlayId id, PlayEnd why) override {
    if (id == play_ && why != PlayEnd::Hangup) call.hangUp(code_);
  }

 private:
  std::string text_;
  int code_;
  PlayId play_ = 0;
};

}  // namespace

std::shared_ptr<const BlockSnapshot> B2bua::Core::loadBlockLists() {
  if (!deps.load_block_lists) return nullptr;
  auto rows = deps.load_block_lists();
  if (!rows) {
    HK_LOG_WARN(lg, "loading the block lists failed (previous lists kept): {}",
                rows.error().message);
    return nullptr;
  }
  return std::make_shared<const BlockSnapshot>(*rows);
}

bool B2bua::Core::blockIfListed(Call& c) {
  if (!blocks) return false;
  const std::string& number = c.caller.number;
  bool withheld = number.empty();
  std::string digits = withheld ? std::string() : secure::normalizeNumber(number);
  std::string index = digits.empty() ? std::string() : deps.cipher.blindIndex(digits);
  auto hit = blocks->match(c.info_.number.operator_id, c.info_.number.id, index, digits,
                           withheld || digits.empty());
  if (!hit) return false;
  blocked_total->inc();
  HK_LOG_INFO(lg, "call {} from {} for {} blocked by entry {} ({} list, {})", c.info_.trn_id,
              c.info_.caller_masked, c.info_.dialled, hit->entry_id,
              hit->number_id == 0 ? "operator" : "number", store::blockKindName(hit->kind));
  c.facts.blocked = true;
  c.record.vars["blocked_by"] = std::to_string(hit->entry_id);
  c.handler = std::make_unique<BlockedHandler>(opts.blocked_text, opts.blocked_code);
  return true;
}

}  // namespace hk::b2bua
