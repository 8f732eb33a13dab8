#pragma once
// Valid-call judgement rows (migration 0007, calllog/judgement.hpp): each advertiser's
// exclusion list (callers never counted as duplicates) and the duplicate check on the call
// log. The settings themselves are columns of the advertiser (domain::JudgementSettings).
#include <optional>
#include <string>

#include "base/clock.hpp"
#include "base/result.hpp"
#include "domain/ids.hpp"

namespace hk::store {

template <class T>
struct Page;
struct PageRequest;

// One excluded caller; the number stored like a block-list entry: never in clear.
struct ExclusionEntry {
  domain::Id id = 0;
  domain::Id advertiser_id = 0;
  std::string number_index;   // keyed blind index of the normalised number
  std::string number_cipher;  // the number, encrypted (secure::CallerCipher)
  std::string number_masked;  // "090****5678"
  std::string note;
  WallTime created_at{};
  std::string created_by;
};

class JudgementRepo {
 public:
  virtual ~JudgementRepo() = default;
  // The same number twice for an advertiser -> Conflict; no such advertiser -> NotFound.
  virtual Result<ExclusionEntry> insertExclusion(const ExclusionEntry& e) = 0;
  virtual Result<ExclusionEntry> getExclusion(domain::Id id) = 0;
  virtual Result<Page<ExclusionEntry>> listExclusions(domain::Id advertiser_id,
                                                      const PageRequest& p) = 0;
  virtual Status removeExclusion(domain::Id id) = 0;
  virtual Result<bool> excluded(domain::Id advertiser_id, const std::string& caller_index) = 0;
  // Whether the caller (blind index) made a call judged valid to the advertiser with din_tms
  // in [from, before), other than `trn_id`.
  virtual Result<bool> earlierValidCall(domain::Id advertiser_id, const std::string& caller_index,
                                        WallTime from, WallTime before,
                                        const std::string& trn_id) = 0;
};

}  // namespace hk::store
