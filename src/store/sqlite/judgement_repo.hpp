#pragma once
// SQLite implementation of store::JudgementRepo (judgement_repo.cpp), on migration 0007.
#include "store/sqlite/db.hpp"
#include "store/store.hpp"

namespace hk::store::sqlite {

class SqlJudgementRepo final : public JudgementRepo {
 public:
  SqlJudgementRepo(Connection& c, const Clock& clock) : c_(c), clock_(clock) {}
  Result<ExclusionEntry> insertExclusion(const ExclusionEntry& e) override;
  Result<ExclusionEntry> getExclusion(Id id) override;
  Result<Page<ExclusionEntry>> listExclusions(Id advertiser_id, const PageRequest& p) override;
  Status removeExclusion(Id id) override;
  Result<bool> excluded(Id advertiser_id, const std::string& caller_index) override;
  Result<bool> earlierValidCall(Id advertiser_id, const std::string& caller_index, WallTime from,
                                WallTime before, const std::string& trn_id) override;

 private:
  Connection& c_;
  const Clock& clock_;
};

}  // namespace hk::store::sqlite
