#pragma once
// The call log as its readers see it: scoped by the principal (an advertiser user sees its
// own advertiser's calls only), with the caller number decrypted only for principals that
// may see it (domain::Principal::canSeeCallerNumber) and never the ciphertext or the
// blind index.
#include <nlohmann/json.hpp>

#include "secure/caller_cipher.hpp"
#include "store/store.hpp"

namespace hk::service {

class Calls {
 public:
  explicit Calls(const secure::CallerCipher& cipher) : cipher_(cipher) {}

  Result<store::Page<domain::CallRecord>> list(store::Tx& tx, const domain::Principal& p,
                                               store::CallQuery q, const store::PageRequest& page);
  Result<domain::CallRecord> get(store::Tx& tx, const domain::Principal& p,
                                 const std::string& trn_id);
  // The record as JSON for `p`: SPEC §5 keys; `clr_id` holds the caller number when `p` may
  // see it (else only `clr_id_masked`); `clr_id_cipher` and `clr_id_index` never leave.
  nlohmann::json toJson(const domain::CallRecord& r, const domain::Principal& p) const;

 private:
  const secure::CallerCipher& cipher_;
};

}  // namespace hk::service
