#pragma once
// The flows part of `apply`/`export` (service/apply.hpp): an operator or advertiser object
// carries its own flows as documents, and an operator, advertiser or number names the flow
// it runs by name:
//   {"name": "OpX", "flows": [{"name": "Main", "start": ...}], "flow": "Main",
//    "advertisers": [{"name": "A", "flows": [...], "flow": "A main",
//                     "numbers": [{"number": "050...", "flow": "Campaign"}]}]}
// A flow is found by its name among its owner's flows (an advertiser's own first, then its
// operator's). Applying a flow whose document differs stores a new version; the same
// document changes nothing. "flow" attaches or re-attaches; leaving it out leaves the
// attachment as it is. Block lists are not part of the document (their numbers are never
// written out in clear).
#include <map>
#include <optional>

#include "service/apply.hpp"
#include "service/flows.hpp"

namespace hk::service {

class FlowApplier {
 public:
  FlowApplier(store::Tx& tx, const domain::Principal& p, const Clock& clock, ApplyReport& report)
      : tx_(tx), p_(p), flows_(clock), report_(report) {}

  // parent["flows"], owned by (op, adv); adv 0: the operator's own.
  void applyFlows(const Json& parent, const std::string& path, domain::Id op, domain::Id adv);
  // parent["flow"]: the flow the target runs. number 0: the advertiser (adv) or operator.
  void applyAttachment(const Json& parent, const std::string& path, domain::Id op, domain::Id adv,
                       domain::Id number);

 private:
  std::optional<domain::Id> findFlow(domain::Id op, domain::Id adv, const std::string& name);
  void count(bool created, bool changed);
  void addError(const std::string& path, const Error& e);

  store::Tx& tx_;
  const domain::Principal& p_;
  Flows flows_;
  ApplyReport& report_;
};

// What export writes for flows: every visible flow's current document by owner, and the
// name of the flow each visible target runs.
class FlowExport {
 public:
  static Result<FlowExport> load(store::Tx& tx, const domain::Principal& p, const Clock& clock);
  // The documents owned by (op, adv), adv 0 for the operator's own.
  Json documents(domain::Id op, domain::Id adv) const;
  // The name of the flow attached to the target, if any.
  std::optional<std::string> attached(domain::Id op, domain::Id adv, domain::Id number) const;

 private:
  std::map<domain::Id, FlowView> flows_;
  std::vector<store::FlowAttachment> attachments_;
};

}  // namespace hk::service
