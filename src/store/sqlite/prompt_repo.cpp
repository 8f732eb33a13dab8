// Prompts: owner and name of each uploaded audio (migration 0005_prompts.sql).
#include "store/sqlite/prompt_repo.hpp"

#include "store/sqlite/query.hpp"

namespace hk::store::sqlite {
namespace {

constexpr std::string_view kColumns =
    "id, operator_id, advertiser_id, name, duration_ms, samples, upload_bytes, created_at_ms,"
    " updated_at_ms, created_by";

constexpr SortColumn kSort[] = {
    {"id", "id"},
    {"name", "name"},
    {"advertiser_id", "advertiser_id"},
    {"duration_ms", "duration_ms"},
    {"created_at", "created_at_ms"},
    {"updated_at", "updated_at_ms"},
};

Result<PromptRow> readPrompt(const Stmt& s) {
  PromptRow p;
  p.id = s.text(0);
  p.operator_id = s.i64(1);
  p.advertiser_id = s.i64(2);
  p.name = s.text(3);
  p.duration_ms = s.i64(4);
  p.samples = s.i64(5);
  p.upload_bytes = s.i64(6);
  p.created_at = s.time(7);
  p.updated_at = s.time(8);
  p.created_by = s.text(9);
  return p;
}

}  // namespace

Result<PromptRow> SqlPromptRepo::insert(const PromptRow& p) {
  auto s = c_.prepare(
      "INSERT INTO prompts (id, operator_id, advertiser_id, name, duration_ms, samples,"
      " upload_bytes, created_at_ms, updated_at_ms, created_by)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!s) return s.error();
  WallTime now = clock_.now();
  auto st = s->bind(p.id)
                .bind(p.operator_id)
                .bindIdOrNull(p.advertiser_id)
                .bind(p.name)
                .bind(p.duration_ms)
                .bind(p.samples)
                .bind(p.upload_bytes)
                .bind(now)
                .bind(now)
                .bind(p.created_by)
                .run();
  if (!st) {
    return missingReference(st.error(), "no such operator or advertiser", "advertiser_id");
  }
  PromptRow out = p;
  out.created_at = out.updated_at = now;
  return out;
}

Result<PromptRow> SqlPromptRepo::get(const std::string& id) {
  static const std::string sql = "SELECT " + std::string(kColumns) + " FROM prompts WHERE id = ?";
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  return fetchOne(*s, "prompt", readPrompt);
}

Result<Page<PromptRow>> SqlPromptRepo::list(const Scope& sc, const PromptFilter& f,
                                            const PageRequest& p) {
  Where w;
  if (sc.operator_id != 0) w.add("operator_id = ?", {sc.operator_id});
  if (sc.advertiser_id) w.add("advertiser_id = ?", {*sc.advertiser_id});
  if (f.advertiser_id) {
    if (*f.advertiser_id == 0) {
      w.add("advertiser_id IS NULL");
    } else {
      w.add("advertiser_id = ?", {*f.advertiser_id});
    }
  }
  if (!f.q.empty()) w.add("LOWER(name) LIKE LOWER(?) ESCAPE '\\'", {likeContains(f.q)});
  return listPage<PromptRow>(c_, kColumns, "prompts", w, p, {kSort}, readPrompt);
}

Result<PromptRow> SqlPromptRepo::rename(const std::string& id, const std::string& name) {
  auto s = c_.prepare("UPDATE prompts SET name = ?, updated_at_ms = ? WHERE id = ?");
  if (!s) return s.error();
  auto st = s->bind(name).bind(clock_.now()).bind(id).run();
  if (auto r = affectedOne(c_, std::move(st), "prompt"); !r) return r.error();
  return get(id);
}

Status SqlPromptRepo::remove(const std::string& id) {
  auto s = c_.prepare("DELETE FROM prompts WHERE id = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(id).run(), "prompt");
}

}  // namespace hk::store::sqlite
