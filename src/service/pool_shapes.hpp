#pragma once
// The JSON of a number pool (GET/POST/PATCH /api/v1/pools) and its checks.
#include <nlohmann/json.hpp>

#include "service/validate.hpp"
#include "store/tracking_rows.hpp"

namespace hk::service {

nlohmann::json toJson(const store::TrackingPool& p);
// Reads the body onto `into` (number_ids fill into.numbers with ids only).
void readPool(const nlohmann::json& j, store::TrackingPool& into, FieldErrors& errs);
// Ranges, names, origins, the mode's own fields. Phone numbers are normalised in place.
FieldErrors checkPool(store::TrackingPool& p);
// 8 to 64 of [A-Za-z0-9_-].
bool isPoolKey(const std::string& s);

}  // namespace hk::service
