#pragma once
// Building blocks of the list queries: a WHERE clause with its parameters, the allow-listed
// ORDER BY, LIMIT/OFFSET paging with the total COUNT, and enum columns stored as their names.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.hpp"
#include "domain/enum_names.hpp"
#include "store/sqlite/db.hpp"
#include "store/store.hpp"

namespace hk::store::sqlite {

using Value = std::variant<int64_t, std::string>;

class Where {
 public:
  // A condition with '?' placeholders and their values, in order.
  Where& add(std::string cond, std::vector<Value> args = {});
  std::string sql() const;  // "" or " WHERE a AND b"
  void bindTo(Stmt& s) const;
  bool empty() const { return conds_.empty(); }

 private:
  std::vector<std::string> conds_;
  std::vector<Value> args_;
};

// LIKE patterns (escape character '\', for "LIKE ? ESCAPE '\'") matching text that starts
// with / contains `s` literally.
std::string likePrefix(std::string_view s);
std::string likeContains(std::string_view s);

struct SortColumn {
  std::string_view name;    // as the API names it (PageRequest::sort)
  std::string_view column;  // SQL expression
};

struct SortSpec {
  std::span<const SortColumn> allowed;
  std::string_view default_column = "id";  // when PageRequest::sort is empty
  bool default_desc = false;               // ... and its direction (else PageRequest::desc)
  bool default_forces_direction = false;   // true: an empty sort always uses default_desc
  std::string_view tiebreak = "id";        // makes paging deterministic
};

// " ORDER BY <col> [DESC], <tiebreak> [DESC]"; an unknown sort is Code::Invalid on "sort".
Result<std::string> orderBy(const PageRequest& p, const SortSpec& s);

struct Limits {
  int64_t limit;
  int64_t offset;
};
// page >= 1 and per_page >= 1, else Code::Invalid on "page" / "per_page".
Result<Limits> limitsOf(const PageRequest& p);

// Steps `s` to its end, appending each row as read(Stmt&) -> Result<T> maps it.
template <class T, class Read>
Status appendRows(Stmt& s, std::vector<T>& out, Read read) {
  for (;;) {
    auto row = s.step();
    if (!row) return row.error();
    if (!*row) return ok();
    auto item = read(s);
    if (!item) return item.error();
    out.push_back(std::move(*item));
  }
}

// Every row of `s`, as read(Stmt&) -> Result<T> maps it.
template <class T, class Read>
Result<std::vector<T>> fetchAll(Stmt& s, Read read) {
  std::vector<T> out;
  if (auto st = appendRows(s, out, read); !st) return st.error();
  return out;
}

// SELECT COUNT(*) and one page of `columns` FROM `from` (a table) with the filter and order.
// read(Stmt&) -> Result<T> maps one row.
template <class T, class Read>
Result<Page<T>> listPage(Connection& c, std::string_view columns, std::string_view from,
                         const Where& w, const PageRequest& p, const SortSpec& s, Read read) {
  auto order = orderBy(p, s);
  if (!order) return order.error();
  auto lim = limitsOf(p);
  if (!lim) return lim.error();
  Page<T> page;
  {
    std::string sql = "SELECT COUNT(*) FROM ";
    sql.append(from).append(w.sql());
    auto q = c.prepare(sql);
    if (!q) return q.error();
    w.bindTo(*q);
    auto row = q->step();
    if (!row) return row.error();
    page.total = *row ? q->i64(0) : 0;
  }
  if (page.total <= lim->offset) return page;
  std::string sql = "SELECT ";
  sql.append(columns).append(" FROM ").append(from).append(w.sql()).append(*order);
  sql.append(" LIMIT ? OFFSET ?");
  auto q = c.prepare(sql);
  if (!q) return q.error();
  w.bindTo(*q);
  q->bind(lim->limit).bind(lim->offset);
  if (auto st = appendRows(*q, page.items, read); !st) return st.error();
  return page;
}

// Reads an enum stored as its name; false (and `bad` set) when the text is unknown.
template <class E>
E enumAt(const Stmt& s, int col, bool& bad) {
  E out{};
  if (!domain::parse(s.text(col), out)) bad = true;
  return out;
}

// Steps a statement expected to return at most one row: NotFound ("<what> not found") if none.
template <class Read>
auto fetchOne(Stmt& s, std::string_view what, Read read) -> decltype(read(s)) {
  auto row = s.step();
  if (!row) return row.error();
  if (!*row) return Error::notFound(std::string(what) + " not found");
  return read(s);
}

// The result of an UPDATE or DELETE by key: NotFound when no row matched.
inline Status affectedOne(Connection& c, Status st, std::string_view what) {
  if (!st) return st;
  if (c.changes() == 0) return Error::notFound(std::string(what) + " not found");
  return ok();
}

// A unique-index violation on insert or update (a Conflict that is no foreign-key error).
inline bool isUniqueViolation(const Error& e) {
  return e.code == Code::Conflict && !isForeignKeyError(e);
}

// A foreign-key violation on insert or update: a referenced row is missing.
inline Error missingReference(Error e, std::string message, std::string field) {
  if (!isForeignKeyError(e)) return e;
  return Error{Code::Invalid, std::move(message), std::move(field)};
}

inline Error corruptRow(std::string_view table) {
  return Error::internal("unreadable value in table " + std::string(table));
}

}  // namespace hk::store::sqlite
