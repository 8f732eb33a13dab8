#include "calllog/detail/judge_tx.hpp"

#include <chrono>

#include "calllog/judgement.hpp"

namespace hk::calllog::detail {

Status judgeInTx(store::Tx& tx, domain::CallRecord& r) {
  JudgementFacts f;
  if (r.client_id != 0) {
    auto a = tx.advertisers().get(r.client_id);
    if (a) {
      f.settings = a->judgement;
    } else if (a.error().code != Code::NotFound) {
      return a.error();
    }
  }
  if (needsDuplicateCheck(r, f.settings)) {
    auto ex = tx.judgement().excluded(r.client_id, r.clr_id_index);
    if (!ex) return ex.error();
    f.excluded = *ex;
    if (!f.excluded) {
      WallTime from = r.din_tms - std::chrono::seconds(f.settings.duplicate_window_sec);
      auto earlier =
          tx.judgement().earlierValidCall(r.client_id, r.clr_id_index, from, r.din_tms, r.trn_id);
      if (!earlier) return earlier.error();
      f.earlier_valid = *earlier;
    }
  }
  applyVerdict(judge(r, f), r);
  return ok();
}

}  // namespace hk::calllog::detail
