#include "service/access.hpp"

#include <fmt/format.h>

#include "domain/enum_names.hpp"

namespace hk::service {

using domain::Role;

namespace {
const char* resourceName(Resource r) {
  switch (r) {
    case Resource::Operator: return "operators";
    case Resource::Advertiser: return "advertisers";
    case Resource::Number: return "numbers";
    case Resource::User: return "users";
    case Resource::ApiKey: return "API keys";
    case Resource::CallLog: return "call logs";
    case Resource::Flow: return "flows";
    case Resource::BlockList: return "a number's block list";
    case Resource::OperatorBlockList: return "the operator's block list";
    case Resource::Absence: return "absence switches";
  }
  return "this resource";
}
const char* actionName(Action a) {
  switch (a) {
    case Action::Read: return "read";
    case Action::Create: return "create";
    case Action::Update: return "change";
    case Action::Delete: return "delete";
  }
  return "use";
}

bool table(Role role, Resource r, Action a) {
  if (role == Role::SystemAdmin) return true;
  switch (r) {
    case Resource::Operator:
      // An operator's own row: everyone in it may read, its admin may change it.
      return a == Action::Read || (a == Action::Update && role == Role::OperatorAdmin);
    case Resource::Advertiser: return role != Role::AdvertiserUser || a == Action::Read;
    case Resource::Number:
      // Advertiser users see and change their own numbers (name, destinations).
      return role != Role::AdvertiserUser || a == Action::Read || a == Action::Update;
    case Resource::User:
    case Resource::ApiKey: return role == Role::OperatorAdmin;
    case Resource::CallLog: return a == Action::Read;
    // Advertiser users run their own advertiser's flows and its numbers' block lists and
    // absence switches; the scope (service) keeps them there.
    case Resource::Flow:
    case Resource::BlockList: return true;
    case Resource::OperatorBlockList: return role != Role::AdvertiserUser;
    case Resource::Absence: return a == Action::Read || a == Action::Update;
  }
  return false;
}
}  // namespace

Status allowed(const domain::Principal& p, Resource r, Action a) {
  if (table(p.role, r, a)) return ok();
  return fail(Code::Forbidden, fmt::format("role {} may not {} {}", domain::name(p.role),
                                           actionName(a), resourceName(r)));
}

Status inScope(const domain::Principal& p, domain::Id operator_id, domain::Id advertiser_id,
               const char* what) {
  if (p.canSee(operator_id, advertiser_id)) return ok();
  return fail(Code::NotFound, fmt::format("{} not found", what));
}

Status mayGrant(const domain::Principal& p, domain::Role role, domain::Id operator_id,
                std::optional<domain::Id> advertiser_id) {
  auto rank = [](Role r) {
    switch (r) {
      case Role::SystemAdmin: return 3;
      case Role::OperatorAdmin: return 2;
      case Role::OperatorStaff: return 1;
      case Role::AdvertiserUser: return 0;
    }
    return 0;
  };
  if (rank(role) > rank(p.role)) {
    return fail(
        Code::Forbidden,
        fmt::format("role {} may not grant role {}", domain::name(p.role), domain::name(role)),
        "/role");
  }
  if (role == Role::SystemAdmin) {
    if (operator_id != 0 || advertiser_id) {
      return fail(Code::Invalid, "a system admin belongs to no operator or advertiser", "/role");
    }
    return ok();
  }
  if (operator_id == 0) return fail(Code::Invalid, "operator_id is required", "/operator_id");
  if (role == Role::AdvertiserUser && !advertiser_id) {
    return fail(Code::Invalid, "an advertiser user needs advertiser_id", "/advertiser_id");
  }
  if (role != Role::AdvertiserUser && advertiser_id) {
    return fail(Code::Invalid, "only advertiser users belong to an advertiser", "/advertiser_id");
  }
  if (!p.isSystem() && operator_id != p.operator_id) {
    return fail(Code::NotFound, "operator not found", "/operator_id");
  }
  return ok();
}

}  // namespace hk::service
