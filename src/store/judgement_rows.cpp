// The defaults of Tx::judgement() and BlockListRepo::all(): a store without them
// (decorators, future backends).
#include "store/store.hpp"

namespace hk::store {
namespace {

Error missing() { return Error::internal("this store has no valid-call judgement"); }

class NoJudgement final : public JudgementRepo {
 public:
  Result<ExclusionEntry> insertExclusion(const ExclusionEntry&) override { return missing(); }
  Result<ExclusionEntry> getExclusion(Id) override { return missing(); }
  Result<Page<ExclusionEntry>> listExclusions(Id, const PageRequest&) override { return missing(); }
  Status removeExclusion(Id) override { return missing(); }
  Result<bool> excluded(Id, const std::string&) override { return missing(); }
  Result<bool> earlierValidCall(Id, const std::string&, WallTime, WallTime,
                                const std::string&) override {
    return missing();
  }
};

}  // namespace

JudgementRepo& Tx::judgement() {
  static NoJudgement none;
  return none;
}

Result<std::vector<BlockEntry>> BlockListRepo::all() {
  return Error::internal("this store cannot list every block entry");
}

}  // namespace hk::store
