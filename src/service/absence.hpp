#pragma once
// The absence switch (不在設定): a user flips it while away, for one number or for a whole
// advertiser; a flow's `absence` step branches on it. A number counts as absent when its own
// switch or its advertiser's is on (either person may be away for it). Every change keeps
// who made it and when. Every role may read and flip the switches in its scope.
#include <nlohmann/json.hpp>
#include <optional>

#include "store/store.hpp"

namespace hk::service {

struct NumberAbsence {
  domain::Id number_id = 0;
  std::optional<store::AbsenceSwitch> own;         // nullopt: never switched
  std::optional<store::AbsenceSwitch> advertiser;  // the number's advertiser's, if any
  bool absent() const { return (own && own->absent) || (advertiser && advertiser->absent); }
};

struct AdvertiserAbsence {
  domain::Id advertiser_id = 0;
  std::optional<store::AbsenceSwitch> own;
};

class Absence {
 public:
  Result<NumberAbsence> getNumber(store::Tx& tx, const domain::Principal& p, domain::Id id);
  Result<NumberAbsence> setNumber(store::Tx& tx, const domain::Principal& p, domain::Id id,
                                  bool absent);
  Result<AdvertiserAbsence> getAdvertiser(store::Tx& tx, const domain::Principal& p, domain::Id id);
  Result<AdvertiserAbsence> setAdvertiser(store::Tx& tx, const domain::Principal& p, domain::Id id,
                                          bool absent);

  // For the engine's `absence` step (no principal).
  Result<bool> isAbsent(store::Tx& tx, const domain::TrackingNumber& n);
};

// {"number_id", "absent" (its own switch), "changed_at", "changed_by" (null when never
//  switched), "advertiser_absent", "effective" (what calls see)}
nlohmann::json toJson(const NumberAbsence& a);
// {"advertiser_id", "absent", "changed_at", "changed_by"}
nlohmann::json toJson(const AdvertiserAbsence& a);

}  // namespace hk::service
