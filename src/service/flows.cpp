// Flows and their versions (attachments and resolution: flow_attachments.cpp).
#include "service/flows.hpp"

#include <fmt/format.h>

#include "service/access.hpp"
#include "service/prompts.hpp"
#include "service/validate.hpp"

namespace hk::service {

using domain::Principal;
using nlohmann::json;

namespace {

json optionalId(domain::Id id) { return id == 0 ? json(nullptr) : json(id); }

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// The name conflict of the store names the document's field.
Error nameConflict(Error e) {
  if (e.code == Code::Conflict && e.field == "name") {
    e.field = std::string(kDocumentPointer) + "/name";
  }
  return e;
}

// The prompts the document names exist and belong to the flow's owner (a 422 naming each).
Status checkPrompts(store::Tx& tx, const json& document, domain::Id operator_id,
                    domain::Id advertiser_id) {
  auto errs = checkPromptRefs(tx, document, operator_id, advertiser_id, kDocumentPointer);
  if (errs.empty()) return ok();
  Error e = invalidFields(errs);
  e.message = "the flow document is invalid: " + e.message;
  return e;
}

}  // namespace

const char* levelName(store::AttachLevel level) {
  switch (level) {
    case store::AttachLevel::Operator: return "operator";
    case store::AttachLevel::Advertiser: return "advertiser";
    case store::AttachLevel::Number: return "number";
  }
  return "operator";
}

json toJson(const store::Flow& f) {
  return {{"id", f.id},
          {"operator_id", f.operator_id},
          {"advertiser_id", optionalId(f.advertiser_id)},
          {"name", f.name},
          {"version", f.current_version},
          {"created_at", formatUtc(f.created_at)},
          {"updated_at", formatUtc(f.updated_at)}};
}

json toJson(const store::FlowVersion& v) {
  json j = {{"flow_id", v.flow_id},
            {"version", v.version},
            {"created_at", formatUtc(v.created_at)},
            {"created_by", v.created_by}};
  return j;
}

json toJson(const FlowView& v) {
  json j = toJson(v.flow);
  j["version"] = v.version.version;
  j["current_version"] = v.flow.current_version;
  j["version_created_at"] = formatUtc(v.version.created_at);
  j["version_created_by"] = v.version.created_by;
  j["document"] = v.document;
  json warnings = json::array();
  for (const auto& w : v.warnings) warnings.push_back({{"field", w.field}, {"reason", w.reason}});
  j["warnings"] = warnings;
  return j;
}

Result<flow::FlowCheck> Flows::checkDocument(const json& document) const {
  auto check = flow::checkFlow(document, verbs_, kDocumentPointer);
  if (!check.ok()) {
    Error e = invalidFields(check.errors);
    e.message = "the flow document is invalid: " + e.message;
    return e;
  }
  return check;
}

Result<FlowView> Flows::view(store::Tx& tx, const store::Flow& f, int version) {
  auto v = tx.flows().version(f.id, version);
  if (!v) return v.error();
  auto doc = json::parse(v->document, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return Error::internal(
        fmt::format("flow {} version {}: stored document is not JSON", f.id, version));
  }
  return FlowView{f, std::move(*v), std::move(doc), {}};
}

Result<store::Page<store::Flow>> Flows::list(store::Tx& tx, const Principal& p,
                                             const store::FlowFilter& f,
                                             const store::PageRequest& page) {
  if (auto st = allowed(p, Resource::Flow, Action::Read); !st) return st.error();
  return tx.flows().list(store::Scope::of(p), f, page);
}

Result<FlowView> Flows::get(store::Tx& tx, const Principal& p, domain::Id id) {
  if (auto st = allowed(p, Resource::Flow, Action::Read); !st) return st.error();
  auto f = tx.flows().get(id);
  if (!f) return f.error();
  if (auto st = inScope(p, f->operator_id, f->advertiser_id, "flow"); !st) return st.error();
  return view(tx, *f, f->current_version);
}

Result<FlowView> Flows::create(store::Tx& tx, const Principal& p, domain::Id operator_id,
                               domain::Id advertiser_id, const json& document) {
  if (auto st = allowed(p, Resource::Flow, Action::Create); !st) return st.error();
  if (operator_id == 0) operator_id = p.operator_id;
  if (p.role == domain::Role::AdvertiserUser && advertiser_id == 0) {
    advertiser_id = p.advertiser_id.value_or(0);
  }
  if (operator_id == 0) return fail(Code::Invalid, "is required", "/operator_id");
  if (!p.isSystem() && operator_id != p.operator_id) {
    return fail(Code::NotFound, "operator not found", "/operator_id");
  }
  if (!tx.operators().get(operator_id)) {
    return fail(Code::Invalid, "no such operator", "/operator_id");
  }
  if (advertiser_id != 0) {
    // Another operator's or (for an advertiser user) another advertiser's answers like an
    // advertiser that does not exist.
    auto a = tx.advertisers().get(advertiser_id);
    if (!a || a->operator_id != operator_id || !p.canSee(operator_id, advertiser_id)) {
      return fail(Code::Invalid, "no such advertiser in this operator", "/advertiser_id");
    }
  }
  auto check = checkDocument(document);
  if (!check) return check.error();
  if (auto st = checkPrompts(tx, document, operator_id, advertiser_id); !st) return st.error();
  store::Flow f;
  f.operator_id = operator_id;
  f.advertiser_id = advertiser_id;
  f.name = check->document->name;
  store::FlowVersion v;
  v.document = dump(document);
  v.created_by = p.label;
  auto row = tx.flows().insert(f, v);
  if (!row) return nameConflict(row.error());
  auto out = view(tx, *row, 1);
  if (out) out->warnings = std::move(check->warnings);
  return out;
}

Result<FlowView> Flows::save(store::Tx& tx, const Principal& p, domain::Id id,
                             const json& document) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Flow, Action::Update); !st) return st.error();
  auto check = checkDocument(document);
  if (!check) return check.error();
  const store::Flow& owner = cur->flow;
  if (auto st = checkPrompts(tx, document, owner.operator_id, owner.advertiser_id); !st) {
    return st.error();
  }
  if (document == cur->document) {
    cur->warnings = std::move(check->warnings);
    return cur;
  }
  store::FlowVersion v;
  v.document = dump(document);
  v.created_by = p.label;
  auto row = tx.flows().addVersion(id, check->document->name, v);
  if (!row) return nameConflict(row.error());
  auto out = view(tx, *row, row->current_version);
  if (out) out->warnings = std::move(check->warnings);
  return out;
}

Status Flows::remove(store::Tx& tx, const Principal& p, domain::Id id) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  if (auto st = allowed(p, Resource::Flow, Action::Delete); !st) return st;
  return tx.flows().remove(id);
}

Result<store::Page<store::FlowVersion>> Flows::versions(store::Tx& tx, const Principal& p,
                                                        domain::Id id,
                                                        const store::PageRequest& page) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  return tx.flows().versions(id, page);
}

Result<FlowView> Flows::version(store::Tx& tx, const Principal& p, domain::Id id, int version) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  if (version == cur->flow.current_version) return cur;
  return view(tx, cur->flow, version);
}

Result<flow::Issues> Flows::validate(store::Tx& tx, const Principal& p, domain::Id id,
                                     const json& document) {
  auto cur = get(tx, p, id);
  if (!cur) return cur.error();
  auto check = checkDocument(document);
  if (!check) return check.error();
  const store::Flow& owner = cur->flow;
  if (auto st = checkPrompts(tx, document, owner.operator_id, owner.advertiser_id); !st) {
    return st.error();
  }
  return std::move(check->warnings);
}

}  // namespace hk::service
