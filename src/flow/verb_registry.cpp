#include "flow/verb_registry.hpp"

namespace hk::flow {

Status VerbRegistry::add(VerbSpec spec) {
  bool word = !spec.name.empty();
  for (char c : spec.name) word = word && c >= 'a' && c <= 'z';
  if (!word) return fail(Code::Invalid, "a verb name is one lowercase word", spec.name);
  if (spec.check == nullptr) return fail(Code::Invalid, "a verb needs a check", spec.name);
  if (verbs_.count(spec.name) != 0) {
    return fail(Code::Conflict, "verb " + spec.name + " is registered twice", spec.name);
  }
  std::string name = spec.name;
  verbs_.emplace(std::move(name), std::move(spec));
  return ok();
}

const VerbSpec* VerbRegistry::find(std::string_view name) const {
  auto it = verbs_.find(name);
  return it == verbs_.end() ? nullptr : &it->second;
}

std::vector<std::string> VerbRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, spec] : verbs_) out.push_back(name);
  return out;
}

}  // namespace hk::flow
