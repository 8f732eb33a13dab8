#pragma once
// SQLite implementation of store::TrackingRepo (tracking_repo.cpp), on migration 0003.
#include "store/sqlite/db.hpp"
#include "store/store.hpp"

namespace hk::store::sqlite {

class SqlTrackingRepo final : public TrackingRepo {
 public:
  SqlTrackingRepo(Connection& c, const Clock& clock) : c_(c), clock_(clock) {}
  Result<TrackingPool> insertPool(const TrackingPool& p) override;
  Result<TrackingPool> getPool(Id id) override;
  Result<TrackingPool> findPoolByKey(const std::string& key) override;
  Result<Page<TrackingPool>> listPools(const Scope& s, const PageRequest& p) override;
  Result<std::vector<TrackingPool>> allPools() override;
  Result<TrackingPool> updatePool(const TrackingPool& p) override;
  Status removePool(Id id) override;

  Status saveLease(const LeaseRow& l) override;
  Result<std::vector<LeaseRow>> recentLeases(Id pool_id, WallTime since) override;
  Status saveVisitor(const VisitorRow& v) override;
  Result<VisitorRow> getVisitor(const std::string& id) override;
  Status addTransitions(const std::vector<TransitionRow>& rows) override;
  Status addMonthly(const MonthlyCount& delta) override;
  Result<std::vector<MonthlyCount>> monthly(Id pool_id) override;

 private:
  Status saveNumbers(const TrackingPool& p);
  Status loadNumbers(TrackingPool& p);
  Connection& c_;
  const Clock& clock_;
};

}  // namespace hk::store::sqlite
