#pragma once
// A flow document (docs/flows.md): the call handling a user configures, as named steps.
//
//   {"name": "Main line",
//    "answer": "now",                          now (default) | early_media | on_connect
//    "start": "hours",                         the first step
//    "max_visits": 3,                          1..20: how often one call may run a step
//    "description": "...",                     optional, for people
//    "steps": {"hours": {"verb": "schedule", ..., "open": "menu", "closed": "closed"},
//              "menu":  {"verb": "gather", ..., "choices": {"1": "sales"}}, ...}}
//
// checkFlow() reads a document strictly: unknown keys, wrong types and out-of-range values
// are errors, each with its JSON Pointer; every verb's parameters are checked by the verb
// (VerbRegistry), and the whole document by the rules below. Errors make the document
// unusable; warnings do not (it is saved and runs).
//   errors:   start and every branch target name a step; at most kMaxSteps steps; step ids
//             of A-Z a-z 0-9 _ - (up to 40); a loop only through a step that waits for the
//             caller (gather, queue); on_connect only without steps that play to or listen to
//             the caller; JSON nesting and size limits
//   warnings: a step that cannot be reached from start
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "flow/param_reader.hpp"
#include "flow/verb_registry.hpp"

namespace hk::flow {

inline constexpr size_t kMaxSteps = 200;
inline constexpr size_t kMaxJsonDepth = 10;              // nesting of objects and arrays
inline constexpr size_t kMaxDocumentBytes = 256 * 1024;  // the document as compact JSON
inline constexpr int kDefaultMaxVisits = 3;
inline constexpr int kMaxMaxVisits = 20;

enum class AnswerMode {
  Now,         // Hankyo answers the caller at once; guidance and menus run on an answered call
  EarlyMedia,  // guidance plays as early media (183); answered when a step needs the caller's
               // keys or a callee answers
  OnConnect,   // answered only when a callee answers; no step may play to the caller
};
const char* answerModeName(AnswerMode m);

struct Step {
  std::string id;
  std::string verb;
  Json params;                    // the step object as written (verb and label included)
  std::vector<Branch> branches;   // in the order the verb read them
  bool waits_for_caller = false;  // a loop through it is bounded by the caller
  bool uses_caller_media = false;
  // The step a branch leads to; nullptr when the step has no such branch (the flow ends).
  const std::string* next(std::string_view branch) const;
};

struct FlowDocument {
  std::string name;
  std::string description;
  AnswerMode answer = AnswerMode::Now;
  std::string start;
  int max_visits = kDefaultMaxVisits;
  std::map<std::string, Step> steps;
};

struct FlowCheck {
  std::optional<FlowDocument> document;  // set when there are no errors
  Issues errors;
  Issues warnings;
  bool ok() const { return errors.empty(); }
};

// `base` prefixes every pointer: the document's place in a request body ("/document").
FlowCheck checkFlow(const Json& doc, const VerbRegistry& verbs = VerbRegistry::builtin(),
                    const std::string& base = {});

}  // namespace hk::flow
