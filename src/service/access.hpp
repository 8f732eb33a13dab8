#pragma once
// Who may do what: the one permission table every service consults, so the API, the
// exports and the live feed share the same rules (SPEC §1).
#include "base/result.hpp"
#include "domain/account.hpp"

namespace hk::service {

enum class Action { Read, Create, Update, Delete };
enum class Resource {
  Operator,
  Advertiser,
  Number,
  User,
  ApiKey,
  CallLog,
  Flow,               // flows, their versions and attachments
  BlockList,          // a number's block list
  OperatorBlockList,  // the block list of a whole operator
  Absence,            // absence switches of numbers and advertisers
};

// May `p` perform `a` on `r` at all (before looking at a particular row)? Forbidden when the
// role never may; rows outside the principal's scope are reported as NotFound by the
// services, so they do not reveal that the row exists.
Status allowed(const domain::Principal& p, Resource r, Action a);

// The row (operator, advertiser) is inside the principal's scope; NotFound otherwise.
Status inScope(const domain::Principal& p, domain::Id operator_id, domain::Id advertiser_id,
               const char* what);

// A principal may hand out (to a user or an API key) only a role at or below its own, inside
// its own scope.
Status mayGrant(const domain::Principal& p, domain::Role role, domain::Id operator_id,
                std::optional<domain::Id> advertiser_id);

}  // namespace hk::service
