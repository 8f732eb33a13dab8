#pragma once
// Call blocking (着信拒否): an operator's own list, applied to every number of the operator,
// and each number's list. An entry is an exact caller number, a prefix (2 to 9 digits: a
// range such as "0120" or "03-1234"), or "withheld" (every caller without a number).
// Exact numbers are stored as a keyed blind index (for matching), a ciphertext and a masked
// form, never in clear (secure/caller_cipher.hpp); an entry can also be made from a call of
// the log ("block this caller"), so a user who may not see a caller's number can still block
// it.
//
// Operator admins and staff manage both lists; advertiser users their own numbers' lists.
#include <nlohmann/json.hpp>
#include <optional>

#include "secure/caller_cipher.hpp"
#include "store/store.hpp"

namespace hk::service {

// What a request asks to block: exactly one of number, prefix, withheld or trn_id.
struct BlockRequest {
  domain::Id operator_id = 0;  // 0: the principal's
  domain::Id number_id = 0;    // 0: the operator's own list
  std::string number;
  std::string prefix;
  bool withheld = false;
  std::string trn_id;  // the caller of this call
  std::string note;
};

class Blocking {
 public:
  explicit Blocking(const secure::CallerCipher& cipher) : cipher_(cipher) {}

  // number_id 0: the principal's operator's own list (operator_id names another operator
  // for a system admin; a system admin without one reads every operator's list).
  Result<store::Page<store::BlockEntry>> list(store::Tx& tx, const domain::Principal& p,
                                              domain::Id operator_id, domain::Id number_id,
                                              const store::PageRequest& page);
  // number_id: the list the entry is expected on (0: the operator's); an entry of another
  // list answers NotFound.
  Result<store::BlockEntry> get(store::Tx& tx, const domain::Principal& p, domain::Id id,
                                domain::Id number_id);
  Result<store::BlockEntry> add(store::Tx& tx, const domain::Principal& p, BlockRequest r);
  Status remove(store::Tx& tx, const domain::Principal& p, domain::Id id, domain::Id number_id);

  // For call admission: the entry that blocks a call from `caller` (as the carrier sent it;
  // empty when withheld) to `n`, or nullopt.
  Result<std::optional<store::BlockEntry>> check(store::Tx& tx, const domain::TrackingNumber& n,
                                                 std::string_view caller, bool withheld) const;

  // The entry for `p`: "number" in clear only for principals that may see caller numbers on
  // that list (an advertiser user on a free-call number may not), always "number_masked".
  nlohmann::json toJson(store::Tx& tx, const store::BlockEntry& e,
                        const domain::Principal& p) const;

 private:
  // The list (operator, number) `p` may use for `write`: number_id 0 is the operator's own.
  Result<std::pair<domain::Id, domain::Id>> listOf(store::Tx& tx, const domain::Principal& p,
                                                   domain::Id operator_id, domain::Id number_id,
                                                   bool write);
  const secure::CallerCipher& cipher_;
};

// "03-1234", "+81 3 1234" -> "031234"; "" when it is not 2 to 9 digits.
std::string normalizePrefix(const std::string& text);

}  // namespace hk::service
