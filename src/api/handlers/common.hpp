#pragma once
// Small pieces every handler uses: authentication, path ids, transactions, paging.
#include <memory>

#include "api/handlers/context.hpp"
#include "api/paging.hpp"
#include "api/problem.hpp"

namespace hk::api {

inline constexpr const char* kSessionCookie = "hk_session";

// "Authorization: Bearer <api key>" or the session cookie; 401 problem otherwise. Records
// the principal for the access log.
HttpResult<domain::Principal> authenticate(ApiContext& ctx, Request& req);
HttpResult<domain::Id> idParam(const Request& req, std::string_view name = "id");
HttpResult<std::unique_ptr<store::Tx>> beginTx(ApiContext& ctx, bool write);
// The start of a handler on one object: the caller (401 without one), the path's {id} (400
// when it is not an id) and a store transaction.
struct ItemCall {
  domain::Principal principal;
  domain::Id id = 0;
  std::unique_ptr<store::Tx> tx;
};
HttpResult<ItemCall> openItem(ApiContext& ctx, Request& req, bool write);
// Commits, or the problem to send.
std::optional<Response> commit(store::Tx& tx);
store::PageRequest toStore(const PageRequest& p);
std::string cookieValue(const Request& req, std::string_view name);

}  // namespace hk::api
