// Valid-call judgement: advertisers' exclusion lists and the duplicate check (migration
// 0007_judgement.sql); BlockListRepo::all() for the B2BUA's block-list snapshot.
#include "store/sqlite/judgement_repo.hpp"

#include "store/sqlite/query.hpp"
#include "store/sqlite/repos.hpp"

namespace hk::store::sqlite {
namespace {

constexpr std::string_view kColumns =
    "id, advertiser_id, number_index, number_cipher, number_masked, note, created_at_ms,"
    " created_by";

constexpr SortColumn kSort[] = {{"id", "id"}, {"created_at", "created_at_ms"}};

Result<ExclusionEntry> readExclusion(const Stmt& s) {
  ExclusionEntry e;
  e.id = s.i64(0);
  e.advertiser_id = s.i64(1);
  e.number_index = s.text(2);
  e.number_cipher = s.text(3);
  e.number_masked = s.text(4);
  e.note = s.text(5);
  e.created_at = s.time(6);
  e.created_by = s.text(7);
  return e;
}

}  // namespace

Result<ExclusionEntry> SqlJudgementRepo::insertExclusion(const ExclusionEntry& e) {
  auto s = c_.prepare(
      "INSERT INTO judgement_exclusions (advertiser_id, number_index, number_cipher,"
      " number_masked, note, created_at_ms, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (!s) return s.error();
  WallTime now = clock_.now();
  auto st = s->bind(e.advertiser_id)
                .bind(e.number_index)
                .bind(e.number_cipher)
                .bind(e.number_masked)
                .bind(e.note)
                .bind(now)
                .bind(e.created_by)
                .run();
  if (!st) {
    if (isUniqueViolation(st.error())) {
      return Error{Code::Conflict, "this number is already on the exclusion list", "/number"};
    }
    if (isForeignKeyError(st.error())) return Error::notFound("advertiser not found");
    return st.error();
  }
  ExclusionEntry out = e;
  out.id = c_.lastInsertId();
  out.created_at = now;
  return out;
}

Result<ExclusionEntry> SqlJudgementRepo::getExclusion(Id id) {
  static const std::string sql =
      std::string("SELECT ").append(kColumns).append(" FROM judgement_exclusions WHERE id = ?");
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  return fetchOne(*s, "exclusion", readExclusion);
}

Result<Page<ExclusionEntry>> SqlJudgementRepo::listExclusions(Id advertiser_id,
                                                              const PageRequest& p) {
  Where w;
  w.add("advertiser_id = ?", {advertiser_id});
  return listPage<ExclusionEntry>(c_, kColumns, "judgement_exclusions", w, p, {kSort},
                                  readExclusion);
}

Status SqlJudgementRepo::removeExclusion(Id id) {
  auto s = c_.prepare("DELETE FROM judgement_exclusions WHERE id = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(id).run(), "exclusion");
}

Result<bool> SqlJudgementRepo::excluded(Id advertiser_id, const std::string& caller_index) {
  if (caller_index.empty()) return false;
  auto s = c_.prepare(
      "SELECT 1 FROM judgement_exclusions WHERE advertiser_id = ? AND number_index = ? LIMIT 1");
  if (!s) return s.error();
  s->bind(advertiser_id).bind(caller_index);
  return s->step();
}

Result<bool> SqlJudgementRepo::earlierValidCall(Id advertiser_id, const std::string& caller_index,
                                                WallTime from, WallTime before,
                                                const std::string& trn_id) {
  if (caller_index.empty()) return false;
  // call_logs_client_caller (0007) covers the three conditions.
  auto s = c_.prepare(
      "SELECT 1 FROM call_logs WHERE client_id = ? AND clr_id_index = ? AND din_tms >= ?"
      " AND din_tms < ? AND valid_res = 'valid' AND trn_id <> ? LIMIT 1");
  if (!s) return s.error();
  s->bind(advertiser_id).bind(caller_index).bind(from).bind(before).bind(trn_id);
  return s->step();
}

Result<std::vector<BlockEntry>> SqlBlockListRepo::all() {
  auto s = c_.prepare(
      "SELECT id, operator_id, number_id, kind, number_index, prefix FROM block_entries"
      " ORDER BY id");
  if (!s) return s.error();
  return fetchAll<BlockEntry>(*s, [](const Stmt& r) -> Result<BlockEntry> {
    BlockEntry e;
    e.id = r.i64(0);
    e.operator_id = r.i64(1);
    e.number_id = r.i64(2);
    if (!parseBlockKind(r.text(3), e.kind)) return corruptRow("block_entries");
    e.number_index = r.text(4);
    e.prefix = r.text(5);
    return e;
  });
}

}  // namespace hk::store::sqlite
