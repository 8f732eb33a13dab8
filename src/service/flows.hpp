#pragma once
// Call flows, scoped by the principal: the documents (validated by flow::checkFlow, every
// save a new version), their versions, where they are attached, and which flow a number
// runs (most specific wins: number, then advertiser, then operator).
//
// Operator admins and staff manage every flow of their operator; advertiser users the flows
// of their own advertiser, attached to that advertiser or its numbers. A flow's owner is
// fixed when it is created.
//
// Errors: a document that breaks a rule is Code::Invalid with one field issue per problem,
// each a JSON Pointer under "/document" (the API answers 422 for those); other bad input is
// Invalid on its own field; rows outside the scope are NotFound.
#include <nlohmann/json.hpp>
#include <optional>

#include "base/clock.hpp"
#include "flow/flow_doc.hpp"
#include "store/store.hpp"

namespace hk::service {

// A flow with one of its versions (the current one unless another was asked for).
struct FlowView {
  store::Flow flow;
  store::FlowVersion version;
  nlohmann::json document;  // version.document, parsed
  flow::Issues warnings;    // of the document, when it was just checked
};

// What a call on a number runs.
struct ResolvedFlow {
  store::FlowAttachment attachment;  // the one that applies (its level says why)
  store::Flow flow;
  int version = 0;
  nlohmann::json document;
  flow::FlowDocument model;  // the document, read by flow::checkFlow
};

// The pointer every document issue starts with.
inline constexpr const char* kDocumentPointer = "/document";

class Flows {
 public:
  explicit Flows(const Clock& clock,
                 const flow::VerbRegistry& verbs = flow::VerbRegistry::builtin())
      : clock_(clock), verbs_(verbs) {}

  Result<store::Page<store::Flow>> list(store::Tx& tx, const domain::Principal& p,
                                        const store::FlowFilter& f, const store::PageRequest& page);
  Result<FlowView> get(store::Tx& tx, const domain::Principal& p, domain::Id id);
  // operator_id 0: the principal's operator; advertiser_id 0: an operator-level flow (an
  // advertiser user's flows are always its advertiser's).
  Result<FlowView> create(store::Tx& tx, const domain::Principal& p, domain::Id operator_id,
                          domain::Id advertiser_id, const nlohmann::json& document);
  // Stores `document` as the next version; a document equal to the current one changes
  // nothing (PUT is idempotent).
  Result<FlowView> save(store::Tx& tx, const domain::Principal& p, domain::Id id,
                        const nlohmann::json& document);
  Status remove(store::Tx& tx, const domain::Principal& p, domain::Id id);

  Result<store::Page<store::FlowVersion>> versions(store::Tx& tx, const domain::Principal& p,
                                                   domain::Id id, const store::PageRequest& page);
  Result<FlowView> version(store::Tx& tx, const domain::Principal& p, domain::Id id, int version);

  // A dry run of save(): the same checks, nothing stored. The warnings on success.
  Result<flow::Issues> validate(store::Tx& tx, const domain::Principal& p, domain::Id id,
                                const nlohmann::json& document);

  // --- attachments (flow_attachments.cpp) ---
  Result<store::Page<store::FlowAttachment>> listAttachments(store::Tx& tx,
                                                             const domain::Principal& p,
                                                             const store::AttachmentFilter& f,
                                                             const store::PageRequest& page);
  Result<store::FlowAttachment> getAttachment(store::Tx& tx, const domain::Principal& p,
                                              domain::Id id);
  // a.flow_id and the target: a.number_id, or a.advertiser_id, or neither (the operator,
  // a.operator_id or the principal's).
  Result<store::FlowAttachment> attach(store::Tx& tx, const domain::Principal& p,
                                       store::FlowAttachment a);
  // Only flow_id may change; `a` is the stored attachment with the new flow_id.
  Result<store::FlowAttachment> reattach(store::Tx& tx, const domain::Principal& p,
                                         const store::FlowAttachment& a);
  Status detach(store::Tx& tx, const domain::Principal& p, domain::Id id);

  // The flow a call on number `number_id` runs, for the engine (no principal): NotFound when
  // none applies (the number forwards to its destinations). An attachment whose flow belongs
  // to another advertiser than the number's (the number moved) is passed over.
  Result<ResolvedFlow> resolve(store::Tx& tx, domain::Id number_id);
  // The same for a principal that can see the number.
  Result<ResolvedFlow> resolveFor(store::Tx& tx, const domain::Principal& p, domain::Id number_id);

 private:
  Result<FlowView> view(store::Tx& tx, const store::Flow& f, int version);
  Result<flow::FlowCheck> checkDocument(const nlohmann::json& document) const;
  // The (operator, advertiser) scope of an attachment's target.
  Result<std::pair<domain::Id, domain::Id>> targetScope(store::Tx& tx,
                                                        const store::FlowAttachment& a);
  Status checkAttachment(store::Tx& tx, const domain::Principal& p, const store::FlowAttachment& a);

  const Clock& clock_;
  const flow::VerbRegistry& verbs_;
};

nlohmann::json toJson(const store::Flow& f);
nlohmann::json toJson(const FlowView& v);  // the flow, its version and the document
nlohmann::json toJson(const store::FlowVersion& v);
nlohmann::json toJson(const store::FlowAttachment& a);
nlohmann::json toJson(const ResolvedFlow& r);
const char* levelName(store::AttachLevel level);

}  // namespace hk::service
