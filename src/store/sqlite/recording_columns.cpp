#include "store/sqlite/recording_columns.hpp"

#include <string>

namespace hk::store::sqlite {
namespace {

const char* tableName(RecordingTable t) {
  return t == RecordingTable::Advertisers ? "advertisers" : "tracking_numbers";
}

Result<domain::RecordingSetting> readSetting(const Stmt& s, int col) {
  domain::RecordingSetting r;
  if (!domain::parseRecordingMode(s.text(col), r.mode)) {
    return Error::internal("unreadable recording_mode in the store");
  }
  r.consent_prompt = s.text(col + 1);
  r.consent_text = s.text(col + 2);
  return r;
}

std::string selectSql(RecordingTable t, bool one) {
  std::string sql = "SELECT id, recording_mode, recording_consent_prompt, recording_consent_text";
  sql.append(" FROM ").append(tableName(t));
  if (one) sql.append(" WHERE id = ?");
  return sql;
}

}  // namespace

Result<std::map<domain::Id, domain::RecordingSetting>> loadAllRecording(Connection& c,
                                                                        RecordingTable t) {
  std::map<domain::Id, domain::RecordingSetting> out;
  auto s = c.prepare(selectSql(t, false));
  if (!s) return s.error();
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return out;
    auto r = readSetting(*s, 1);
    if (!r) return r.error();
    out[s->i64(0)] = std::move(*r);
  }
}

Status loadRecordingOne(Connection& c, RecordingTable t, domain::Id id,
                        domain::RecordingSetting& out) {
  auto s = c.prepare(selectSql(t, true));
  if (!s) return s.error();
  s->bind(id);
  auto row = s->step();
  if (!row) return row.error();
  if (!*row) return ok();
  auto r = readSetting(*s, 1);
  if (!r) return r.error();
  out = std::move(*r);
  return ok();
}

Status saveRecording(Connection& c, RecordingTable t, domain::Id id,
                     const domain::RecordingSetting& r) {
  std::string sql = "UPDATE ";
  sql.append(tableName(t))
      .append(
          " SET recording_mode = ?, recording_consent_prompt = ?, recording_consent_text = ?"
          " WHERE id = ?");
  auto s = c.prepare(sql);
  if (!s) return s.error();
  return s->bind(domain::recordingModeName(r.mode))
      .bind(r.consent_prompt)
      .bind(r.consent_text)
      .bind(id)
      .run();
}

}  // namespace hk::store::sqlite
