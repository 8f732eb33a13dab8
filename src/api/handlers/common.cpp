#include "api/handlers/common.hpp"

#include <charconv>

namespace hk::api {

std::string cookieValue(const Request& req, std::string_view name) {
  std::string_view cookies = req.header("Cookie");
  while (!cookies.empty()) {
    auto semi = cookies.find(';');
    std::string_view part = cookies.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) {
      return std::string(part.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    cookies.remove_prefix(semi + 1);
  }
  return {};
}

HttpResult<domain::Principal> authenticate(ApiContext& ctx, Request& req) {
  std::string_view authz = req.header("Authorization");
  Result<domain::Principal> p = fail(Code::Unauthorized, "authentication required");
  if (!authz.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (authz.size() <= kBearer.size() || !equalsIgnoreCase(authz.substr(0, 7), kBearer)) {
      return problem(fail(Code::Unauthorized, "use 'Authorization: Bearer <API key>'").error);
    }
    p = ctx.auth.authenticateKey(authz.substr(kBearer.size()));
  } else if (auto tok = cookieValue(req, kSessionCookie); !tok.empty()) {
    p = ctx.auth.authenticateSession(tok);
  }
  if (!p) return problem(p.error());
  req.attrs[kAttrPrincipal] = p->label;
  return *p;
}

HttpResult<domain::Id> idParam(const Request& req, std::string_view name) {
  std::string_view s = req.param(name);
  domain::Id id = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || ptr != s.data() + s.size() || id <= 0) {
    // Not an id we could have issued: the same answer as an unknown one.
    return problem(404, "not found");
  }
  return id;
}

HttpResult<std::unique_ptr<store::Tx>> beginTx(ApiContext& ctx, bool write) {
  auto tx = ctx.store.begin(write);
  if (!tx) return problem(tx.error());
  return std::move(*tx);
}

HttpResult<ItemCall> openItem(ApiContext& ctx, Request& req, bool write) {
  auto p = authenticate(ctx, req);
  if (!p) return std::move(p.problem());
  auto id = idParam(req);
  if (!id) return std::move(id.problem());
  auto tx = beginTx(ctx, write);
  if (!tx) return std::move(tx.problem());
  return ItemCall{std::move(*p), *id, std::move(*tx)};
}

std::optional<Response> commit(store::Tx& tx) {
  if (auto st = tx.commit(); !st) return problem(st.error());
  return std::nullopt;
}

store::PageRequest toStore(const PageRequest& p) {
  store::PageRequest out;
  out.page = static_cast<int>(p.page);
  out.per_page = static_cast<int>(p.per_page);
  out.sort = p.sort_field;
  out.desc = p.descending;
  return out;
}

}  // namespace hk::api
