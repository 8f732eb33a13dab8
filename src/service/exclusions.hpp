#pragma once
// Valid-call judgement exclusion lists (重複除外の除外番号): per advertiser, callers whose
// repeat calls are never judged duplicates (calllog/judgement.hpp). Numbers are stored like
// block-list entries: keyed blind index, ciphertext and masked form, never in clear. An
// entry can also be made from a call of the log (trn_id), so a user who may not see caller
// numbers can still exclude one. Scoped like block lists: operator admins and staff for
// their operator's advertisers, advertiser users for their own advertiser.
#include <nlohmann/json.hpp>

#include "secure/caller_cipher.hpp"
#include "store/store.hpp"

namespace hk::service {

struct ExclusionRequest {
  domain::Id advertiser_id = 0;
  std::string number;  // exactly one of number and trn_id
  std::string trn_id;
  std::string note;
};

class Exclusions {
 public:
  explicit Exclusions(const secure::CallerCipher& cipher) : cipher_(cipher) {}

  Result<store::Page<store::ExclusionEntry>> list(store::Tx& tx, const domain::Principal& p,
                                                  domain::Id advertiser_id,
                                                  const store::PageRequest& page);
  // An entry of another advertiser answers NotFound.
  Result<store::ExclusionEntry> get(store::Tx& tx, const domain::Principal& p,
                                    domain::Id advertiser_id, domain::Id id);
  Result<store::ExclusionEntry> add(store::Tx& tx, const domain::Principal& p,
                                    const ExclusionRequest& r);
  Status remove(store::Tx& tx, const domain::Principal& p, domain::Id advertiser_id, domain::Id id);

  // "number" in clear for operator roles only; always "number_masked".
  nlohmann::json toJson(const store::ExclusionEntry& e, const domain::Principal& p) const;

 private:
  // The advertiser, when `p` may read (or, `write`, change) its list.
  Status check(store::Tx& tx, const domain::Principal& p, domain::Id advertiser_id, bool write);
  const secure::CallerCipher& cipher_;
};

}  // namespace hk::service
