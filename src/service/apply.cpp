#include "service/apply.hpp"

#include <fmt/format.h>

#include "service/apply_flows.hpp"
#include "service/numbers.hpp"
#include "service/tenants.hpp"

namespace hk::service {

namespace {

using domain::Principal;

constexpr int kPageAll = 100000;

Json withoutIds(Json j, std::initializer_list<const char*> drop) {
  for (const char* k : {"id", "created_at", "updated_at", "free_call", "shows_caller_number"}) {
    j.erase(k);
  }
  for (const char* k : drop) j.erase(k);
  return j;
}

class Applier {
 public:
  Applier(store::Tx& tx, const Principal& p, const Clock& clock)
      : tx_(tx), p_(p), tenants_(clock), numbers_(clock), flows_(tx, p, clock, report_) {}

  void run(const Json& doc) {
    ObjectReader top(doc, report_.errors, "");
    if (!top.isObject()) return;
    top.rejectUnknown({"operators"});
    auto ops = doc.find("operators");
    if (ops == doc.end()) return;
    if (!ops->is_array()) {
      report_.errors.push_back({"/operators", "must be an array"});
      return;
    }
    for (size_t i = 0; i < ops->size(); ++i)
      applyOperator((*ops)[i], fmt::format("/operators/{}", i));
  }
  ApplyReport& report() { return report_; }

 private:
  void count(bool created, bool changed) {
    if (created) {
      report_.created++;
    } else if (changed) {
      report_.updated++;
    } else {
      report_.unchanged++;
    }
  }

  static std::string pointer(const std::string& field) {
    return field.empty() || field[0] == '/' ? field : "/" + field;
  }

  void addError(const std::string& path, const Error& e) {
    // invalidFields() carries every bad field: one entry each, under the entry's path.
    for (const auto& f : e.fields) report_.errors.push_back({path + pointer(f.field), f.reason});
    if (e.fields.empty()) report_.errors.push_back({path + pointer(e.field), e.message});
  }

  void applyOperator(const Json& j, const std::string& path) {
    domain::Operator want;
    FieldErrors errs;
    readOperator(j, want, errs, path, {"advertisers", "numbers", "flows", "flow"});
    if (!errs.empty()) return append(errs);
    auto existing = tx_.operators().findByName(want.name);
    domain::Id op_id;
    // Another tenant's operator answers like one that does not exist (no name probing).
    if (existing && (p_.isSystem() || existing->id == p_.operator_id)) {
      domain::Operator merged = *existing;
      readOperator(j, merged, errs, path, {"advertisers", "numbers", "flows", "flow"});
      bool changed = merged.timezone != existing->timezone;
      if (changed) {
        auto r = tenants_.updateOperator(tx_, p_, merged);
        if (!r) return addError(path, r.error());
      } else if (auto r = tenants_.getOperator(tx_, p_, existing->id); !r) {
        return addError(path, r.error());
      }
      count(false, changed);
      op_id = existing->id;
    } else {
      auto r = tenants_.createOperator(tx_, p_, want);
      if (!r) return addError(path, r.error());
      count(true, false);
      op_id = r->id;
    }
    flows_.applyFlows(j, path, op_id, 0);
    flows_.applyAttachment(j, path, op_id, 0, 0);
    applyNumbers(j, path, op_id, 0);
    auto advs = j.find("advertisers");
    if (advs == j.end()) return;
    if (!advs->is_array())
      return report_.errors.push_back({path + "/advertisers", "must be an array"});
    for (size_t i = 0; i < advs->size(); ++i) {
      applyAdvertiser((*advs)[i], fmt::format("{}/advertisers/{}", path, i), op_id);
    }
  }

  void applyAdvertiser(const Json& j, const std::string& path, domain::Id op_id) {
    domain::Advertiser want;
    want.operator_id = op_id;
    FieldErrors errs;
    readAdvertiser(j, want, errs, path, {"numbers", "flows", "flow"});
    if (j.is_object() && j.contains("operator_id")) {
      errs.push_back({path + "/operator_id", "is implied by the enclosing operator"});
    }
    if (!errs.empty()) return append(errs);
    want.operator_id = op_id;
    auto existing = tx_.advertisers().findByName(op_id, want.name);
    domain::Id adv_id;
    if (existing && p_.canSee(op_id, existing->id)) {
      domain::Advertiser merged = *existing;
      readAdvertiser(j, merged, errs, path, {"numbers", "flows", "flow"});
      bool changed = merged.timezone != existing->timezone ||
                     merged.max_lines != existing->max_lines || merged.active != existing->active ||
                     judgementJson(merged.judgement) != judgementJson(existing->judgement) ||
                     merged.recording != existing->recording;
      if (changed) {
        auto r = tenants_.updateAdvertiser(tx_, p_, merged);
        if (!r) return addError(path, r.error());
      } else if (auto r = tenants_.getAdvertiser(tx_, p_, existing->id); !r) {
        return addError(path, r.error());
      }
      count(false, changed);
      adv_id = existing->id;
    } else {
      auto r = tenants_.createAdvertiser(tx_, p_, want);
      if (!r) return addError(path, r.error());
      count(true, false);
      adv_id = r->id;
    }
    flows_.applyFlows(j, path, op_id, adv_id);
    flows_.applyAttachment(j, path, op_id, adv_id, 0);
    applyNumbers(j, path, op_id, adv_id);
  }

  void applyNumbers(const Json& parent, const std::string& path, domain::Id op_id,
                    domain::Id adv_id) {
    auto nums = parent.find("numbers");
    if (nums == parent.end()) return;
    if (!nums->is_array()) return report_.errors.push_back({path + "/numbers", "must be an array"});
    for (size_t i = 0; i < nums->size(); ++i) {
      applyNumber((*nums)[i], fmt::format("{}/numbers/{}", path, i), op_id, adv_id);
    }
  }

  void applyNumber(const Json& j, const std::string& path, domain::Id op_id, domain::Id adv_id) {
    domain::Id id = applyNumberRow(j, path, op_id, adv_id);
    if (id != 0) flows_.applyAttachment(j, path, op_id, adv_id, id);
  }

  // The number's own fields; its id, or 0 when it could not be applied.
  domain::Id applyNumberRow(const Json& j, const std::string& path, domain::Id op_id,
                            domain::Id adv_id) {
    domain::TrackingNumber want;
    bool type_given = false;
    FieldErrors errs;
    readNumber(j, want, type_given, errs, path, {"flow"});
    if (j.is_object() && (j.contains("operator_id") || j.contains("advertiser_id"))) {
      errs.push_back({path, "operator_id/advertiser_id are implied by the enclosing objects"});
    }
    if (!errs.empty()) {
      append(errs);
      return 0;
    }
    want.operator_id = op_id;
    want.advertiser_id = adv_id;
    // Normalise first so "0120-111-222" finds the stored "0120111222".
    domain::TrackingNumber probe = want;
    normalizeNumber(probe, type_given);
    auto existing = tx_.numbers().findByNumber(probe.number);
    if (!existing) {
      auto r = numbers_.create(tx_, p_, want, type_given, "apply");
      if (!r) {
        addError(path, r.error());
        return 0;
      }
      count(true, false);
      return r->id;
    }
    if (auto vis = numbers_.get(tx_, p_, existing->id); !vis) {
      addError(path, vis.error());
      return 0;
    }
    if (existing->operator_id != op_id) {
      report_.errors.push_back({path + "/number", "belongs to another operator"});
      return 0;
    }
    domain::TrackingNumber merged = *existing;
    bool tg = false;
    readNumber(j, merged, tg, errs, path, {"flow"});
    merged.advertiser_id = adv_id;
    if (merged.state == domain::NumberState::Available && adv_id != 0) {
      merged.state = domain::NumberState::Assigned;
    }
    normalizeNumber(merged, true);
    bool changed =
        merged.name != existing->name || merged.destinations != existing->destinations ||
        merged.type != existing->type || merged.state != existing->state ||
        merged.max_lines != existing->max_lines ||
        merged.ring_timeout_sec != existing->ring_timeout_sec || merged.trunk != existing->trunk ||
        merged.initial_cost != existing->initial_cost ||
        merged.monthly_cost != existing->monthly_cost ||
        merged.advertiser_id != existing->advertiser_id || merged.recording != existing->recording;
    if (changed) {
      auto r = numbers_.update(tx_, p_, merged, "apply");
      if (!r) {
        addError(path, r.error());
        return 0;
      }
    }
    count(false, changed);
    return existing->id;
  }

  void append(const FieldErrors& errs) {
    report_.errors.insert(report_.errors.end(), errs.begin(), errs.end());
  }

  store::Tx& tx_;
  const Principal& p_;
  Tenants tenants_;
  Numbers numbers_;
  ApplyReport report_;
  FlowApplier flows_;  // after report_, which it writes to
};

}  // namespace

Json ApplyReport::toJson() const {
  Json errs = Json::array();
  for (const auto& e : errors) errs.push_back({{"field", e.field}, {"reason", e.reason}});
  return {{"created", created}, {"updated", updated}, {"unchanged", unchanged}, {"errors", errs}};
}

Result<ApplyReport> applyDocument(store::Tx& tx, const Principal& p, const Clock& clock,
                                  const Json& doc) {
  Applier a(tx, p, clock);
  a.run(doc);
  return std::move(a.report());
}

Result<Json> exportDocument(store::Tx& tx, const Principal& p, const Clock& clock) {
  store::PageRequest all{1, kPageAll, "", false};
  Tenants tenants(clock);
  Numbers numbers(clock);
  auto ops = tenants.listOperators(tx, p, all);
  if (!ops) return ops.error();
  auto advs = tenants.listAdvertisers(tx, p, all);
  if (!advs) return advs.error();
  auto nums = numbers.list(tx, p, {}, all);
  if (!nums) return nums.error();
  auto flows = FlowExport::load(tx, p, clock);
  if (!flows) return flows.error();
  // Flows owned by (op, adv) and the flow a target runs, when there are any.
  auto withFlows = [&](Json& j, domain::Id op, domain::Id adv, domain::Id number) {
    if (number == 0) {
      if (Json docs = flows->documents(op, adv); !docs.empty()) j["flows"] = std::move(docs);
    }
    if (auto name = flows->attached(op, adv, number)) j["flow"] = *name;
  };
  Json out_ops = Json::array();
  for (const auto& o : ops->items) {
    Json jo = withoutIds(toJson(o), {});
    withFlows(jo, o.id, 0, 0);
    Json op_numbers = Json::array();
    Json jadvs = Json::array();
    for (const auto& n : nums->items) {
      if (n.operator_id == o.id && n.advertiser_id == 0) {
        op_numbers.push_back(withoutIds(toJson(n), {"operator_id", "advertiser_id"}));
        withFlows(op_numbers.back(), o.id, 0, n.id);
      }
    }
    for (const auto& a : advs->items) {
      if (a.operator_id != o.id) continue;
      Json ja = withoutIds(toJson(a), {"operator_id"});
      withFlows(ja, o.id, a.id, 0);
      Json an = Json::array();
      for (const auto& n : nums->items) {
        if (n.advertiser_id == a.id) {
          an.push_back(withoutIds(toJson(n), {"operator_id", "advertiser_id"}));
          withFlows(an.back(), o.id, a.id, n.id);
        }
      }
      ja["numbers"] = an;
      jadvs.push_back(ja);
    }
    if (!op_numbers.empty()) jo["numbers"] = op_numbers;
    jo["advertisers"] = jadvs;
    out_ops.push_back(jo);
  }
  return Json{{"operators", out_ops}};
}

}  // namespace hk::service
