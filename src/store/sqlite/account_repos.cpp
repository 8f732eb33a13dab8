// Users, API keys and login sessions.
#include "store/sqlite/query.hpp"
#include "store/sqlite/repos.hpp"

namespace hk::store::sqlite {
namespace {

using domain::ApiKey;
using domain::SessionRow;
using domain::User;

std::optional<Id> optId(const Stmt& s, int col) {
  if (s.isNull(col)) return std::nullopt;
  return s.i64(col);
}

// A scope on a table with nullable operator_id / advertiser_id columns.
Where scopeWhere(const Scope& sc) {
  Where w;
  if (sc.operator_id != 0) w.add("operator_id = ?", {sc.operator_id});
  if (sc.advertiser_id) w.add("advertiser_id = ?", {*sc.advertiser_id});
  return w;
}

constexpr std::string_view kUserColumns =
    "id, login, display_name, role, operator_id, advertiser_id, password_hash, disabled,"
    " created_at_ms, updated_at_ms";

constexpr SortColumn kUserSort[] = {
    {"id", "id"},
    {"login", "login"},
    {"display_name", "display_name"},
    {"role", "role"},
    {"operator_id", "operator_id"},
    {"advertiser_id", "advertiser_id"},
    {"disabled", "disabled"},
    {"created_at", "created_at_ms"},
    {"updated_at", "updated_at_ms"},
};

Result<User> readUser(const Stmt& s) {
  User u;
  bool bad = false;
  u.id = s.i64(0);
  u.login = s.text(1);
  u.display_name = s.text(2);
  u.role = enumAt<domain::Role>(s, 3, bad);
  u.operator_id = s.i64(4);
  u.advertiser_id = optId(s, 5);
  u.password_hash = s.text(6);
  u.disabled = s.flag(7);
  u.created_at = s.time(8);
  u.updated_at = s.time(9);
  if (bad) return corruptRow("users");
  return u;
}

constexpr std::string_view kKeyColumns =
    "id, prefix, hash, name, role, operator_id, advertiser_id, created_by, created_at_ms,"
    " last_used_at_ms, revoked_at_ms";

constexpr SortColumn kKeySort[] = {
    {"id", "id"},
    {"prefix", "prefix"},
    {"name", "name"},
    {"role", "role"},
    {"operator_id", "operator_id"},
    {"advertiser_id", "advertiser_id"},
    {"created_at", "created_at_ms"},
    {"last_used_at", "last_used_at_ms"},
    {"revoked_at", "revoked_at_ms"},
};

Result<ApiKey> readKey(const Stmt& s) {
  ApiKey k;
  bool bad = false;
  k.id = s.i64(0);
  k.prefix = s.text(1);
  k.hash = s.text(2);
  k.name = s.text(3);
  k.role = enumAt<domain::Role>(s, 4, bad);
  k.operator_id = s.i64(5);
  k.advertiser_id = optId(s, 6);
  k.created_by = s.i64(7);
  k.created_at = s.time(8);
  k.last_used_at = s.optTime(9);
  k.revoked_at = s.optTime(10);
  if (bad) return corruptRow("api_keys");
  return k;
}

std::string selectWhere(std::string_view columns, std::string_view table, std::string_view where) {
  std::string sql = "SELECT ";
  sql.append(columns).append(" FROM ").append(table).append(" WHERE ").append(where);
  return sql;
}

constexpr std::string_view kBadReference = "no such operator or advertiser";

}  // namespace

// --- users ------------------------------------------------------------------------------------

Result<User> SqlUserRepo::insert(const User& u) {
  auto s = c_.prepare(
      "INSERT INTO users (login, display_name, role, operator_id, advertiser_id, password_hash,"
      " disabled, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s) return s.error();
  WallTime now = clock_.now();
  auto st = s->bind(u.login)
                .bind(u.display_name)
                .bind(domain::name(u.role))
                .bindIdOrNull(u.operator_id)
                .bindIdOrNull(u.advertiser_id.value_or(0))
                .bind(u.password_hash)
                .bind(u.disabled)
                .bind(now)
                .bind(now)
                .run();
  if (!st) return missingReference(st.error(), std::string(kBadReference), "operator_id");
  User out = u;
  out.id = c_.lastInsertId();
  out.created_at = out.updated_at = now;
  return out;
}

Result<User> SqlUserRepo::get(Id id) {
  static const std::string sql = selectWhere(kUserColumns, "users", "id = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  return fetchOne(*s, "user", readUser);
}

Result<User> SqlUserRepo::findByLogin(const std::string& login) {
  static const std::string sql = selectWhere(kUserColumns, "users", "login = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(login);
  return fetchOne(*s, "user", readUser);
}

Result<Page<User>> SqlUserRepo::list(const Scope& sc, const PageRequest& p) {
  return listPage<User>(c_, kUserColumns, "users", scopeWhere(sc), p, {kUserSort}, readUser);
}

Result<User> SqlUserRepo::update(const User& u) {
  auto s = c_.prepare(
      "UPDATE users SET login = ?, display_name = ?, role = ?, operator_id = ?, advertiser_id = ?,"
      " password_hash = ?, disabled = ?, updated_at_ms = ? WHERE id = ?");
  if (!s) return s.error();
  auto st = s->bind(u.login)
                .bind(u.display_name)
                .bind(domain::name(u.role))
                .bindIdOrNull(u.operator_id)
                .bindIdOrNull(u.advertiser_id.value_or(0))
                .bind(u.password_hash)
                .bind(u.disabled)
                .bind(clock_.now())
                .bind(u.id)
                .run();
  if (!st) return missingReference(st.error(), std::string(kBadReference), "operator_id");
  if (auto r = affectedOne(c_, ok(), "user"); !r) return r.error();
  return get(u.id);
}

Status SqlUserRepo::remove(Id id) {
  auto s = c_.prepare("DELETE FROM users WHERE id = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(id).run(), "user");
}

// --- API keys ---------------------------------------------------------------------------------

Result<ApiKey> SqlApiKeyRepo::insert(const ApiKey& k) {
  auto s = c_.prepare(
      "INSERT INTO api_keys (prefix, hash, name, role, operator_id, advertiser_id, created_by,"
      " created_at_ms, last_used_at_ms, revoked_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s) return s.error();
  WallTime now = clock_.now();
  auto st = s->bind(k.prefix)
                .bind(k.hash)
                .bind(k.name)
                .bind(domain::name(k.role))
                .bindIdOrNull(k.operator_id)
                .bindIdOrNull(k.advertiser_id.value_or(0))
                .bind(k.created_by)
                .bind(now)
                .bind(k.last_used_at)
                .bind(k.revoked_at)
                .run();
  if (!st) return missingReference(st.error(), std::string(kBadReference), "operator_id");
  ApiKey out = k;
  out.id = c_.lastInsertId();
  out.created_at = now;
  return out;
}

Result<ApiKey> SqlApiKeyRepo::get(Id id) {
  static const std::string sql = selectWhere(kKeyColumns, "api_keys", "id = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  return fetchOne(*s, "API key", readKey);
}

Result<ApiKey> SqlApiKeyRepo::findByPrefix(const std::string& prefix) {
  static const std::string sql = selectWhere(kKeyColumns, "api_keys", "prefix = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(prefix);
  return fetchOne(*s, "API key", readKey);
}

Result<Page<ApiKey>> SqlApiKeyRepo::list(const Scope& sc, const PageRequest& p) {
  return listPage<ApiKey>(c_, kKeyColumns, "api_keys", scopeWhere(sc), p, {kKeySort}, readKey);
}

Status SqlApiKeyRepo::revoke(Id id, WallTime at) {
  // A key revoked twice keeps the first time.
  auto s =
      c_.prepare("UPDATE api_keys SET revoked_at_ms = COALESCE(revoked_at_ms, ?) WHERE id = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(at).bind(id).run(), "API key");
}

Status SqlApiKeyRepo::touch(Id id, WallTime at) {
  auto s = c_.prepare("UPDATE api_keys SET last_used_at_ms = ? WHERE id = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(at).bind(id).run(), "API key");
}

// --- sessions ---------------------------------------------------------------------------------

Status SqlSessionRepo::insert(const SessionRow& r) {
  auto s = c_.prepare(
      "INSERT INTO sessions (token_hash, user_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, "
      "?)");
  if (!s) return s.error();
  auto st = s->bind(r.token_hash).bind(r.user_id).bind(r.created_at).bind(r.expires_at).run();
  if (!st) return missingReference(st.error(), "no such user", "user_id");
  return ok();
}

Result<SessionRow> SqlSessionRepo::find(const std::string& token_hash) {
  auto s = c_.prepare(
      "SELECT token_hash, user_id, created_at_ms, expires_at_ms FROM sessions"
      " WHERE token_hash = ?");
  if (!s) return s.error();
  s->bind(token_hash);
  return fetchOne(*s, "session", [](const Stmt& q) -> Result<SessionRow> {
    return SessionRow{q.text(0), q.i64(1), q.time(2), q.time(3)};
  });
}

Status SqlSessionRepo::remove(const std::string& token_hash) {
  auto s = c_.prepare("DELETE FROM sessions WHERE token_hash = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(token_hash).run(), "session");
}

Result<int64_t> SqlSessionRepo::purgeExpired(WallTime now) {
  auto s = c_.prepare("DELETE FROM sessions WHERE expires_at_ms <= ?");
  if (!s) return s.error();
  if (auto st = s->bind(now).run(); !st) return st.error();
  return c_.changes();
}

}  // namespace hk::store::sqlite
