#pragma once
// SQLite implementation of store::PromptRepo (prompt_repo.cpp), on migration 0005.
#include "store/sqlite/db.hpp"
#include "store/store.hpp"

namespace hk::store::sqlite {

class SqlPromptRepo final : public PromptRepo {
 public:
  SqlPromptRepo(Connection& c, const Clock& clock) : c_(c), clock_(clock) {}
  Result<PromptRow> insert(const PromptRow& p) override;
  Result<PromptRow> get(const std::string& id) override;
  Result<Page<PromptRow>> list(const Scope& s, const PromptFilter& f,
                               const PageRequest& p) override;
  Result<PromptRow> rename(const std::string& id, const std::string& name) override;
  Status remove(const std::string& id) override;

 private:
  Connection& c_;
  const Clock& clock_;
};

}  // namespace hk::store::sqlite
