#pragma once
// Prompts (uploaded guidance audio) as the store keeps them: who owns one and its name. The
// audio itself is a file of media::PromptStore, named by the same id.
#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/ids.hpp"

namespace hk::store {

struct Scope;
struct PageRequest;
template <class T>
struct Page;

struct PromptRow {
  std::string id;  // 32 lowercase hex (media::PromptStore)
  domain::Id operator_id = 0;
  domain::Id advertiser_id = 0;  // 0: the operator's own
  std::string name;
  int64_t duration_ms = 0;
  int64_t samples = 0;       // at 8 kHz
  int64_t upload_bytes = 0;  // the size of what was uploaded
  WallTime created_at{};
  WallTime updated_at{};
  std::string created_by;  // principal label
};

struct PromptFilter {
  std::optional<domain::Id> advertiser_id;  // 0: operator-level prompts only
  std::string q;                            // name substring
};

class PromptRepo {
 public:
  virtual ~PromptRepo() = default;
  virtual Result<PromptRow> insert(const PromptRow& p) = 0;
  virtual Result<PromptRow> get(const std::string& id) = 0;
  virtual Result<Page<PromptRow>> list(const Scope& s, const PromptFilter& f,
                                       const PageRequest& p) = 0;
  virtual Result<PromptRow> rename(const std::string& id, const std::string& name) = 0;
  virtual Status remove(const std::string& id) = 0;
};

}  // namespace hk::store
