// Where flows are attached, and which flow a number runs (service/flows.hpp).
#include <fmt/format.h>

#include "service/access.hpp"
#include "service/flows.hpp"

namespace hk::service {

using domain::Principal;
using nlohmann::json;

json toJson(const store::FlowAttachment& a) {
  auto id = [](domain::Id v) { return v == 0 ? json(nullptr) : json(v); };
  return {{"id", a.id},
          {"operator_id", a.operator_id},
          {"advertiser_id", id(a.advertiser_id)},
          {"number_id", id(a.number_id)},
          {"level", levelName(a.level())},
          {"flow_id", a.flow_id},
          {"created_at", formatUtc(a.created_at)},
          {"created_by", a.created_by}};
}

json toJson(const ResolvedFlow& r) {
  return {{"flow_id", r.flow.id},
          {"name", r.flow.name},
          {"version", r.version},
          {"level", levelName(r.attachment.level())},
          {"attachment_id", r.attachment.id},
          {"document", r.document}};
}

Result<std::pair<domain::Id, domain::Id>> Flows::targetScope(store::Tx& tx,
                                                             const store::FlowAttachment& a) {
  if (a.number_id != 0) {
    auto n = tx.numbers().get(a.number_id);
    if (!n) return n.error();
    return std::pair{n->operator_id, n->advertiser_id};
  }
  return std::pair{a.operator_id, a.advertiser_id};
}

Result<store::Page<store::FlowAttachment>> Flows::listAttachments(store::Tx& tx, const Principal& p,
                                                                  const store::AttachmentFilter& f,
                                                                  const store::PageRequest& page) {
  if (auto st = allowed(p, Resource::Flow, Action::Read); !st) return st.error();
  return tx.flows().attachments(store::Scope::of(p), f, page);
}

Result<store::FlowAttachment> Flows::getAttachment(store::Tx& tx, const Principal& p,
                                                   domain::Id id) {
  if (auto st = allowed(p, Resource::Flow, Action::Read); !st) return st.error();
  auto a = tx.flows().attachment(id);
  if (!a) return a.error();
  auto scope = targetScope(tx, *a);
  if (!scope) return scope.error();
  if (auto st = inScope(p, scope->first, scope->second, "flow attachment"); !st) {
    return st.error();
  }
  return a;
}

// The target is visible to `p` and the flow may run there.
Status Flows::checkAttachment(store::Tx& tx, const Principal& p, const store::FlowAttachment& a) {
  if (a.number_id != 0 && a.advertiser_id != 0) {
    return fail(Code::Invalid, "give number_id or advertiser_id, not both", "/advertiser_id");
  }
  domain::Id op = a.operator_id, adv = a.advertiser_id;
  if (a.number_id != 0) {
    auto n = tx.numbers().get(a.number_id);
    if (!n || !p.canSee(n->operator_id, n->advertiser_id)) {
      return fail(Code::Invalid, "no such number", "/number_id");
    }
    if (n->operator_id != op) return fail(Code::Invalid, "no such number", "/number_id");
    adv = n->advertiser_id;
  } else if (a.advertiser_id != 0) {
    auto ad = tx.advertisers().get(a.advertiser_id);
    if (!ad || ad->operator_id != op || !p.canSee(op, ad->id)) {
      return fail(Code::Invalid, "no such advertiser in this operator", "/advertiser_id");
    }
  } else if (!p.canSee(op, 0)) {
    return fail(Code::Forbidden,
                "an advertiser user attaches flows to its advertiser or its numbers only");
  }
  auto f = tx.flows().get(a.flow_id);
  if (!f || !p.canSee(f->operator_id, f->advertiser_id)) {
    return fail(Code::Invalid, "no such flow", "/flow_id");
  }
  if (f->operator_id != op) return fail(Code::Invalid, "no such flow", "/flow_id");
  if (f->advertiser_id != 0 && f->advertiser_id != adv) {
    return fail(Code::Invalid, "an advertiser's flow runs only on that advertiser and its numbers",
                "/flow_id");
  }
  return ok();
}

Result<store::FlowAttachment> Flows::attach(store::Tx& tx, const Principal& p,
                                            store::FlowAttachment a) {
  if (auto st = allowed(p, Resource::Flow, Action::Create); !st) return st.error();
  if (a.operator_id == 0) a.operator_id = p.operator_id;
  if (a.operator_id == 0) return fail(Code::Invalid, "is required", "/operator_id");
  if (!p.isSystem() && a.operator_id != p.operator_id) {
    return fail(Code::NotFound, "operator not found", "/operator_id");
  }
  if (a.flow_id == 0) return fail(Code::Invalid, "is required", "/flow_id");
  if (auto st = checkAttachment(tx, p, a); !st) return st.error();
  a.id = 0;
  a.created_by = p.label;
  return tx.flows().attach(a);
}

Result<store::FlowAttachment> Flows::reattach(store::Tx& tx, const Principal& p,
                                              const store::FlowAttachment& a) {
  auto cur = getAttachment(tx, p, a.id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Flow, Action::Update); !st) return st.error();
  const char* moved = a.number_id != cur->number_id           ? "/number_id"
                      : a.advertiser_id != cur->advertiser_id ? "/advertiser_id"
                      : a.operator_id != cur->operator_id     ? "/operator_id"
                                                              : nullptr;
  if (moved) {
    return fail(Code::Invalid, "an attachment keeps its target: delete it and attach the flow anew",
                moved);
  }
  if (auto st = checkAttachment(tx, p, a); !st) return st.error();
  return tx.flows().reattach(a.id, a.flow_id);
}

Status Flows::detach(store::Tx& tx, const Principal& p, domain::Id id) {
  auto cur = getAttachment(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Flow, Action::Delete); !st) return st;
  return tx.flows().detach(id);
}

Result<ResolvedFlow> Flows::resolve(store::Tx& tx, domain::Id number_id) {
  auto n = tx.numbers().get(number_id);
  if (!n) return n.error();
  auto candidates = tx.flows().attachmentsFor(*n);
  if (!candidates) return candidates.error();
  for (const auto& a : *candidates) {
    auto f = tx.flows().get(a.flow_id);
    if (!f) return f.error();
    if (f->advertiser_id != 0 && f->advertiser_id != n->advertiser_id) continue;
    auto v = view(tx, *f, f->current_version);
    if (!v) return v.error();
    // Saved documents were checked; a verb that changed since is reported, not run.
    auto check = flow::checkFlow(v->document, verbs_);
    if (!check.document) {
      return Error::internal(fmt::format(
          "flow {} version {} no longer passes its checks: {}", f->id, f->current_version,
          check.errors.front().field + " " + check.errors.front().reason));
    }
    return ResolvedFlow{a, *f, f->current_version, std::move(v->document),
                        std::move(*check.document)};
  }
  return Error::notFound("no flow is attached to this number, its advertiser or its operator");
}

Result<ResolvedFlow> Flows::resolveFor(store::Tx& tx, const Principal& p, domain::Id number_id) {
  if (auto st = allowed(p, Resource::Flow, Action::Read); !st) return st.error();
  auto n = tx.numbers().get(number_id);
  if (!n) return n.error();
  if (auto st = inScope(p, n->operator_id, n->advertiser_id, "number"); !st) return st.error();
  return resolve(tx, number_id);
}

}  // namespace hk::service
