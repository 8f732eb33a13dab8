// Call blocking entries (migration 0002_flows.sql).
#include "store/sqlite/query.hpp"
#include "store/sqlite/repos.hpp"

namespace hk::store::sqlite {
namespace {

constexpr std::string_view kColumns =
    "id, operator_id, number_id, kind, number_index, number_cipher, number_masked, prefix, note,"
    " created_at_ms, created_by";

constexpr SortColumn kSort[] = {{"id", "id"}, {"created_at", "created_at_ms"}};

Result<BlockEntry> readEntry(const Stmt& s) {
  BlockEntry e;
  e.id = s.i64(0);
  e.operator_id = s.i64(1);
  e.number_id = s.i64(2);
  if (!parseBlockKind(s.text(3), e.kind)) return corruptRow("block_entries");
  e.number_index = s.text(4);
  e.number_cipher = s.text(5);
  e.number_masked = s.text(6);
  e.prefix = s.text(7);
  e.note = s.text(8);
  e.created_at = s.time(9);
  e.created_by = s.text(10);
  return e;
}

std::string selectWhere(std::string_view where) {
  std::string sql = "SELECT ";
  sql.append(kColumns).append(" FROM block_entries WHERE ").append(where);
  return sql;
}

}  // namespace

Result<BlockEntry> SqlBlockListRepo::insert(const BlockEntry& e) {
  auto s = c_.prepare(
      "INSERT INTO block_entries (operator_id, number_id, kind, number_index, number_cipher,"
      " number_masked, prefix, note, created_at_ms, created_by)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s) return s.error();
  WallTime now = clock_.now();
  auto st = s->bind(e.operator_id)
                .bindIdOrNull(e.number_id)
                .bind(blockKindName(e.kind))
                .bind(e.number_index)
                .bind(e.number_cipher)
                .bind(e.number_masked)
                .bind(e.prefix)
                .bind(e.note)
                .bind(now)
                .bind(e.created_by)
                .run();
  if (!st) {
    if (isUniqueViolation(st.error())) {
      return Error::conflict("this entry is already on the block list");
    }
    return missingReference(st.error(), "no such operator or number", "number_id");
  }
  BlockEntry out = e;
  out.id = c_.lastInsertId();
  out.created_at = now;
  return out;
}

Result<BlockEntry> SqlBlockListRepo::get(Id id) {
  static const std::string sql = selectWhere("id = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  return fetchOne(*s, "block list entry", readEntry);
}

Result<Page<BlockEntry>> SqlBlockListRepo::list(Id operator_id, Id number_id,
                                                const PageRequest& p) {
  Where w;
  if (operator_id != 0) w.add("operator_id = ?", {operator_id});
  if (number_id == 0) {
    w.add("number_id IS NULL");
  } else {
    w.add("number_id = ?", {number_id});
  }
  return listPage<BlockEntry>(c_, kColumns, "block_entries", w, p, {kSort}, readEntry);
}

Status SqlBlockListRepo::remove(Id id) {
  auto s = c_.prepare("DELETE FROM block_entries WHERE id = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(id).run(), "block list entry");
}

Result<std::optional<BlockEntry>> SqlBlockListRepo::match(Id operator_id, Id number_id,
                                                          const std::string& caller_index,
                                                          const std::string& caller_digits,
                                                          bool withheld) {
  static const std::string sql = selectWhere(
      "operator_id = ? AND (number_id IS NULL OR number_id = ?) AND ("
      " (kind = 'withheld' AND ? = 1)"
      " OR (kind = 'exact' AND ? <> '' AND number_index = ?)"
      " OR (kind = 'prefix' AND ? <> '' AND substr(?, 1, length(prefix)) = prefix))"
      " ORDER BY number_id IS NULL, id LIMIT 1");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(operator_id)
      .bind(number_id)
      .bind(withheld)
      .bind(caller_index)
      .bind(caller_index)
      .bind(caller_digits)
      .bind(caller_digits);
  auto row = s->step();
  if (!row) return row.error();
  if (!*row) return std::optional<BlockEntry>();
  auto e = readEntry(*s);
  if (!e) return e.error();
  return std::optional<BlockEntry>(std::move(*e));
}

}  // namespace hk::store::sqlite
