#include "service/apply_flows.hpp"

#include <fmt/format.h>

namespace hk::service {

namespace {
constexpr int kPageAll = 100000;

std::string pointer(const std::string& field) {
  return field.empty() || field[0] == '/' ? field : "/" + field;
}
}  // namespace

void FlowApplier::count(bool created, bool changed) {
  if (created) {
    report_.created++;
  } else if (changed) {
    report_.updated++;
  } else {
    report_.unchanged++;
  }
}

void FlowApplier::addError(const std::string& path, const Error& e) {
  // A flow's document problems are named under /document: in the set-up document the flow
  // object is the document itself.
  auto local = [](const std::string& f) {
    const std::string doc = kDocumentPointer;
    return f.starts_with(doc) ? f.substr(doc.size()) : pointer(f);
  };
  for (const auto& f : e.fields) report_.errors.push_back({path + local(f.field), f.reason});
  if (e.fields.empty()) report_.errors.push_back({path + local(e.field), e.message});
}

std::optional<domain::Id> FlowApplier::findFlow(domain::Id op, domain::Id adv,
                                                const std::string& name) {
  for (domain::Id owner : {adv, domain::Id{0}}) {
    auto f = tx_.flows().findByName(op, owner, name);
    if (f && p_.canSee(f->operator_id, f->advertiser_id)) return f->id;
    if (owner == 0) break;
  }
  return std::nullopt;
}

void FlowApplier::applyFlows(const Json& parent, const std::string& path, domain::Id op,
                             domain::Id adv) {
  auto list = parent.find("flows");
  if (list == parent.end()) return;
  if (!list->is_array()) return report_.errors.push_back({path + "/flows", "must be an array"});
  if (adv == 0 && !p_.canSee(op, 0)) {
    return report_.errors.push_back(
        {path + "/flows", "an advertiser user cannot set the operator's own flows"});
  }
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& doc = (*list)[i];
    const std::string at = fmt::format("{}/flows/{}", path, i);
    auto name = doc.is_object() && doc.contains("name") && doc["name"].is_string()
                    ? doc["name"].get<std::string>()
                    : std::string();
    auto existing = name.empty() ? Result<store::Flow>(Error::notFound("no name"))
                                 : tx_.flows().findByName(op, adv, name);
    if (existing && p_.canSee(existing->operator_id, existing->advertiser_id)) {
      auto before = existing->current_version;
      auto v = flows_.save(tx_, p_, existing->id, doc);
      if (!v) {
        addError(at, v.error());
        continue;
      }
      count(false, v->flow.current_version != before);
    } else {
      auto v = flows_.create(tx_, p_, op, adv, doc);
      if (!v) {
        addError(at, v.error());
        continue;
      }
      count(true, false);
    }
  }
}

void FlowApplier::applyAttachment(const Json& parent, const std::string& path, domain::Id op,
                                  domain::Id adv, domain::Id number) {
  auto it = parent.find("flow");
  if (it == parent.end()) return;
  const std::string at = path + "/flow";
  if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
    return report_.errors.push_back({at, "must be the name of a flow"});
  }
  auto flow_id = findFlow(op, adv, it->get<std::string>());
  if (!flow_id) return report_.errors.push_back({at, "no flow of that name here"});
  store::AttachmentFilter f;
  if (number != 0) {
    f.number_id = number;
  } else if (adv != 0) {
    f.advertiser_id = adv;
  }
  auto rows = flows_.listAttachments(tx_, p_, f, {1, kPageAll, "", false});
  if (!rows) return addError(at, rows.error());
  for (const auto& a : rows->items) {
    if (a.operator_id != op || a.number_id != number || a.advertiser_id != (number ? 0 : adv)) {
      continue;
    }
    if (a.flow_id == *flow_id) return count(false, false);
    store::FlowAttachment next = a;
    next.flow_id = *flow_id;
    auto r = flows_.reattach(tx_, p_, next);
    if (!r) return addError(at, r.error());
    return count(false, true);
  }
  store::FlowAttachment a;
  a.operator_id = op;
  a.advertiser_id = number ? 0 : adv;
  a.number_id = number;
  a.flow_id = *flow_id;
  auto r = flows_.attach(tx_, p_, a);
  if (!r) return addError(at, r.error());
  count(true, false);
}

Result<FlowExport> FlowExport::load(store::Tx& tx, const domain::Principal& p, const Clock& clock) {
  Flows flows(clock);
  store::PageRequest all{1, kPageAll, "", false};
  FlowExport out;
  auto list = flows.list(tx, p, {}, all);
  if (!list) return list.error();
  for (const auto& f : list->items) {
    auto v = flows.get(tx, p, f.id);
    if (!v) return v.error();
    out.flows_.emplace(f.id, std::move(*v));
  }
  auto att = flows.listAttachments(tx, p, {}, all);
  if (!att) return att.error();
  out.attachments_ = std::move(att->items);
  return out;
}

Json FlowExport::documents(domain::Id op, domain::Id adv) const {
  Json out = Json::array();
  for (const auto& [id, v] : flows_) {
    if (v.flow.operator_id == op && v.flow.advertiser_id == adv) out.push_back(v.document);
  }
  return out;
}

std::optional<std::string> FlowExport::attached(domain::Id op, domain::Id adv,
                                                domain::Id number) const {
  for (const auto& a : attachments_) {
    bool same =
        a.operator_id == op && a.number_id == number && a.advertiser_id == (number ? 0 : adv);
    if (!same) continue;
    auto f = flows_.find(a.flow_id);
    if (f != flows_.end()) return f->second.flow.name;
  }
  return std::nullopt;
}

}  // namespace hk::service
