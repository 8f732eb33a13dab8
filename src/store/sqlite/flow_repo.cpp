// Flows, their versions and their attachments (migration 0002_flows.sql).
#include "store/sqlite/query.hpp"
#include "store/sqlite/repos.hpp"

namespace hk::store::sqlite {
namespace {

constexpr std::string_view kFlowColumns =
    "id, operator_id, advertiser_id, name, current_version, created_at_ms, updated_at_ms";

constexpr SortColumn kFlowSort[] = {
    {"id", "id"},
    {"name", "name"},
    {"advertiser_id", "advertiser_id"},
    {"current_version", "current_version"},
    {"created_at", "created_at_ms"},
    {"updated_at", "updated_at_ms"},
};

Result<Flow> readFlow(const Stmt& s) {
  Flow f;
  f.id = s.i64(0);
  f.operator_id = s.i64(1);
  f.advertiser_id = s.i64(2);
  f.name = s.text(3);
  f.current_version = static_cast<int>(s.i64(4));
  f.created_at = s.time(5);
  f.updated_at = s.time(6);
  return f;
}

Result<FlowVersion> readVersion(const Stmt& s) {
  FlowVersion v;
  v.flow_id = s.i64(0);
  v.version = static_cast<int>(s.i64(1));
  v.document = s.text(2);
  v.created_at = s.time(3);
  v.created_by = s.text(4);
  return v;
}

constexpr SortColumn kVersionSort[] = {{"version", "version"}};

constexpr std::string_view kAttachmentColumns =
    "id, operator_id, advertiser_id, number_id, flow_id, created_at_ms, created_by";

constexpr SortColumn kAttachmentSort[] = {
    {"id", "id"},
    {"flow_id", "flow_id"},
    {"created_at", "created_at_ms"},
};

Result<FlowAttachment> readAttachment(const Stmt& s) {
  FlowAttachment a;
  a.id = s.i64(0);
  a.operator_id = s.i64(1);
  a.advertiser_id = s.i64(2);
  a.number_id = s.i64(3);
  a.flow_id = s.i64(4);
  a.created_at = s.time(5);
  a.created_by = s.text(6);
  return a;
}

// The unique index on the name (flows_name) names no column: say which field it is.
Error flowWriteError(const Error& e) {
  if (isUniqueViolation(e)) {
    return Error{Code::Conflict, "this owner already has a flow with that name", "name", {}};
  }
  return missingReference(e, "no such operator or advertiser", "advertiser_id");
}

Status insertVersion(Connection& c, Id flow_id, int version, const FlowVersion& v, WallTime now) {
  auto s = c.prepare(
      "INSERT INTO flow_versions (flow_id, version, document, created_at_ms, created_by)"
      " VALUES (?, ?, ?, ?, ?)");
  if (!s) return s.error();
  return s->bind(flow_id).bind(version).bind(v.document).bind(now).bind(v.created_by).run();
}

}  // namespace

Result<Flow> SqlFlowRepo::insert(const Flow& f, const FlowVersion& first) {
  auto s = c_.prepare(
      "INSERT INTO flows (operator_id, advertiser_id, name, current_version, created_at_ms,"
      " updated_at_ms) VALUES (?, ?, ?, 1, ?, ?)");
  if (!s) return s.error();
  WallTime now = clock_.now();
  auto st =
      s->bind(f.operator_id).bindIdOrNull(f.advertiser_id).bind(f.name).bind(now).bind(now).run();
  if (!st) return flowWriteError(st.error());
  Flow out = f;
  out.id = c_.lastInsertId();
  out.current_version = 1;
  out.created_at = out.updated_at = now;
  if (auto v = insertVersion(c_, out.id, 1, first, now); !v) return v.error();
  return out;
}

Result<Flow> SqlFlowRepo::get(Id id) {
  static const std::string sql = "SELECT " + std::string(kFlowColumns) + " FROM flows WHERE id = ?";
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  return fetchOne(*s, "flow", readFlow);
}

Result<Flow> SqlFlowRepo::findByName(Id operator_id, Id advertiser_id, const std::string& name) {
  static const std::string sql = "SELECT " + std::string(kFlowColumns) +
                                 " FROM flows WHERE operator_id = ? AND IFNULL(advertiser_id, 0)"
                                 " = ? AND name = ?";
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(operator_id).bind(advertiser_id).bind(name);
  return fetchOne(*s, "flow", readFlow);
}

Result<Page<Flow>> SqlFlowRepo::list(const Scope& sc, const FlowFilter& f, const PageRequest& p) {
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
  return listPage<Flow>(c_, kFlowColumns, "flows", w, p, {kFlowSort}, readFlow);
}

Result<Flow> SqlFlowRepo::addVersion(Id flow_id, const std::string& name, const FlowVersion& v) {
  auto cur = get(flow_id);
  if (!cur) return cur.error();
  const int next = cur->current_version + 1;
  WallTime now = clock_.now();
  if (auto st = insertVersion(c_, flow_id, next, v, now); !st) return st.error();
  auto s =
      c_.prepare("UPDATE flows SET name = ?, current_version = ?, updated_at_ms = ? WHERE id = ?");
  if (!s) return s.error();
  if (auto st = s->bind(name).bind(next).bind(now).bind(flow_id).run(); !st) {
    return flowWriteError(st.error());
  }
  return get(flow_id);
}

Result<FlowVersion> SqlFlowRepo::version(Id flow_id, int version) {
  auto s = c_.prepare(
      "SELECT flow_id, version, document, created_at_ms, created_by FROM flow_versions"
      " WHERE flow_id = ? AND version = ?");
  if (!s) return s.error();
  s->bind(flow_id).bind(version);
  return fetchOne(*s, "flow version", readVersion);
}

Result<Page<FlowVersion>> SqlFlowRepo::versions(Id flow_id, const PageRequest& p) {
  Where w;
  w.add("flow_id = ?", {flow_id});
  SortSpec spec{kVersionSort, "version", true, true, "version"};  // newest first
  return listPage<FlowVersion>(c_, "flow_id, version, '', created_at_ms, created_by",
                               "flow_versions", w, p, spec, readVersion);
}

Status SqlFlowRepo::remove(Id id) {
  auto n = attachmentCount(id);
  if (!n) return n.error();
  if (*n > 0) {
    return Error::conflict("the flow is still attached (" + std::to_string(*n) +
                           " attachment(s)): detach it first");
  }
  auto s = c_.prepare("DELETE FROM flows WHERE id = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(id).run(), "flow");
}

// --- attachments ------------------------------------------------------------------------------

Result<FlowAttachment> SqlFlowRepo::attach(const FlowAttachment& a) {
  auto s = c_.prepare(
      "INSERT INTO flow_attachments (operator_id, advertiser_id, number_id, flow_id,"
      " created_at_ms, created_by) VALUES (?, ?, ?, ?, ?, ?)");
  if (!s) return s.error();
  WallTime now = clock_.now();
  auto st = s->bind(a.operator_id)
                .bindIdOrNull(a.advertiser_id)
                .bindIdOrNull(a.number_id)
                .bind(a.flow_id)
                .bind(now)
                .bind(a.created_by)
                .run();
  if (!st) {
    if (isUniqueViolation(st.error())) {
      return Error::conflict("this target already runs a flow: change that attachment instead");
    }
    return missingReference(st.error(), "no such flow, operator, advertiser or number", "flow_id");
  }
  FlowAttachment out = a;
  out.id = c_.lastInsertId();
  out.created_at = now;
  return out;
}

Result<FlowAttachment> SqlFlowRepo::attachment(Id id) {
  static const std::string sql =
      "SELECT " + std::string(kAttachmentColumns) + " FROM flow_attachments WHERE id = ?";
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  s->bind(id);
  return fetchOne(*s, "flow attachment", readAttachment);
}

Result<Page<FlowAttachment>> SqlFlowRepo::attachments(const Scope& sc, const AttachmentFilter& f,
                                                      const PageRequest& p) {
  Where w;
  if (sc.operator_id != 0) w.add("operator_id = ?", {sc.operator_id});
  if (sc.advertiser_id) {
    w.add(
        "(advertiser_id = ? OR number_id IN (SELECT id FROM tracking_numbers WHERE"
        " advertiser_id = ?))",
        {*sc.advertiser_id, *sc.advertiser_id});
  }
  if (f.flow_id) w.add("flow_id = ?", {*f.flow_id});
  if (f.advertiser_id) w.add("advertiser_id = ?", {*f.advertiser_id});
  if (f.number_id) w.add("number_id = ?", {*f.number_id});
  return listPage<FlowAttachment>(c_, kAttachmentColumns, "flow_attachments", w, p,
                                  {kAttachmentSort}, readAttachment);
}

Result<FlowAttachment> SqlFlowRepo::reattach(Id id, Id flow_id) {
  auto s = c_.prepare("UPDATE flow_attachments SET flow_id = ? WHERE id = ?");
  if (!s) return s.error();
  auto st = s->bind(flow_id).bind(id).run();
  if (!st) return missingReference(st.error(), "no such flow", "flow_id");
  if (auto r = affectedOne(c_, ok(), "flow attachment"); !r) return r.error();
  return attachment(id);
}

Status SqlFlowRepo::detach(Id id) {
  auto s = c_.prepare("DELETE FROM flow_attachments WHERE id = ?");
  if (!s) return s.error();
  return affectedOne(c_, s->bind(id).run(), "flow attachment");
}

Result<std::vector<FlowAttachment>> SqlFlowRepo::attachmentsFor(const domain::TrackingNumber& n) {
  static const std::string sql =
      "SELECT " + std::string(kAttachmentColumns) +
      " FROM flow_attachments WHERE number_id = ?"
      " OR (number_id IS NULL AND advertiser_id = ?)"
      " OR (operator_id = ? AND number_id IS NULL AND advertiser_id IS NULL)"
      " ORDER BY number_id IS NULL, advertiser_id IS NULL";
  auto s = c_.prepare(sql);
  if (!s) return s.error();
  // An unassigned number has no advertiser: advertiser_id = 0 matches no row.
  s->bind(n.id).bind(n.advertiser_id).bind(n.operator_id);
  std::vector<FlowAttachment> out;
  for (;;) {
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return out;
    auto a = readAttachment(*s);
    if (!a) return a.error();
    out.push_back(std::move(*a));
  }
}

Result<int64_t> SqlFlowRepo::attachmentCount(Id flow_id) {
  auto s = c_.prepare("SELECT COUNT(*) FROM flow_attachments WHERE flow_id = ?");
  if (!s) return s.error();
  s->bind(flow_id);
  auto row = s->step();
  if (!row) return row.error();
  return *row ? s->i64(0) : 0;
}

}  // namespace hk::store::sqlite
