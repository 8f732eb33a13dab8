// set: tag the call or store values on its log (logvars), e.g. which menu branch it took.
//   {"verb": "set", "tags": ["after-hours"], "variables": {"campaign": "spring"},
//    "next": "<step>"}
// tags       up to 20 tags, each 1..50 bytes
// variables  up to 20 name -> text (names: a-z, 0-9, _; texts up to 200 bytes)
// At least one of them. Branches: next.
#include "flow/detail/text.hpp"
#include "flow/verb_registry.hpp"

namespace hk::flow {
namespace {

void check(StepReader& r) {
  if (const Json* tags = r.array("tags", 1, 20)) {
    for (size_t i = 0; i < tags->size(); ++i) {
      const Json& t = (*tags)[i];
      std::string reason = t.is_string() ? detail::checkText(t.get_ref<const std::string&>(), 50)
                                         : "must be a string";
      if (!reason.empty())
        r.issues().push_back({pointerTo(r.at("tags"), std::to_string(i)), reason});
    }
  }
  if (const Json* vars = r.object("variables")) {
    if (vars->empty() || vars->size() > 20) r.error("variables", "must have 1 to 20 entries");
    for (const auto& [name, value] : vars->items()) {
      std::string at = pointerTo(r.at("variables"), name);
      if (!detail::isVariableName(name)) {
        r.issues().push_back({at, "a name is a-z, 0-9 and _ (starting with a letter), up to 40"});
        continue;
      }
      std::string reason = value.is_string()
                               ? detail::checkText(value.get_ref<const std::string&>(), 200)
                               : "must be a string";
      if (!reason.empty()) r.issues().push_back({at, reason});
    }
  }
  if (!r.has("tags") && !r.has("variables") && r.isObject()) {
    r.issues().push_back({r.pointer(), "needs tags or variables"});
  }
  r.branch("next");
}

}  // namespace

void registerSet(VerbRegistry& r) {
  (void)r.add({"set", "tag the call and store values on its log", {"next"}, check});
}

}  // namespace hk::flow
