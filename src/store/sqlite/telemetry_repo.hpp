#pragma once
// SQLite implementation of store::TelemetryRepo (telemetry_repo.cpp), on migration 0006.
#include "store/sqlite/db.hpp"
#include "store/store.hpp"

namespace hk::store::sqlite {

class SqlTelemetryRepo final : public TelemetryRepo {
 public:
  explicit SqlTelemetryRepo(Connection& c) : c_(c) {}
  Status addMinutes(const std::vector<PoolMinute>& rows) override;
  Status addNumberCalls(const std::vector<NumberCalls>& rows) override;
  Result<std::vector<PoolMinute>> minutes(Id pool_id, WallTime from, WallTime to) override;
  Result<std::vector<NumberCalls>> numberCalls(Id pool_id, WallTime from, WallTime to) override;
  Status prune(WallTime before) override;
  Status addNumberTransitions(const std::vector<NumberTransition>& rows) override;
  Result<std::vector<NumberTransition>> numberTransitions(Id number_id) override;

 private:
  Connection& c_;
};

}  // namespace hk::store::sqlite
