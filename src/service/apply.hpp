#pragma once
// `hankyoctl apply` / `POST /api/v1/apply`: one JSON document describing operators, their
// advertisers and numbers (in the API's shapes, nested instead of ids), created or updated
// by natural key (operator name, advertiser name within its operator, the number itself),
// in the caller's one transaction. Applying the same document twice changes nothing.
//
//   {"operators": [{"name": "...", "timezone": "Asia/Tokyo",
//                   "numbers": [ ...operator inventory, no advertiser... ],
//                   "advertisers": [{"name": "...", "max_lines": 4,
//                                    "numbers": [{"number": "0120-111-222", ...}]}]}]}
// Operators and advertisers also carry their flows ("flows": [documents]) and every target
// the name of the flow it runs ("flow": "Main"): service/apply_flows.hpp.
#include "base/clock.hpp"
#include "service/shapes.hpp"
#include "store/store.hpp"

namespace hk::service {

struct ApplyReport {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  FieldErrors errors;  // every invalid entry, with its path in the document
  nlohmann::json toJson() const;
};

// Applies `doc` as `p`. When report.errors is not empty nothing must be committed: the
// caller drops the transaction.
Result<ApplyReport> applyDocument(store::Tx& tx, const domain::Principal& p, const Clock& clock,
                                  const nlohmann::json& doc);

// The document for everything `p` can see (same shape; apply(export()) changes nothing).
Result<nlohmann::json> exportDocument(store::Tx& tx, const domain::Principal& p,
                                      const Clock& clock);

}  // namespace hk::service
