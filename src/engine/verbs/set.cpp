// set: the executor (the document's validator is flow/verbs/set.cpp). Each variable goes
// onto the call log's vars; tags are added to vars["tags"] (comma-separated, each once, in
// the order first set). Then "next".
#include <algorithm>
#include <sstream>

#include "engine/verbs/register.hpp"

namespace hk::engine {

namespace {

class SetRun final : public VerbRun {
 public:
  void start(StepContext& ctx) override {
    const Json& p = ctx.params();
    if (auto it = p.find("variables"); it != p.end() && it->is_object()) {
      for (const auto& [name, value] : it->items()) {
        if (value.is_string()) ctx.setVar(name, value.get<std::string>());
      }
    }
    if (auto it = p.find("tags"); it != p.end() && it->is_array()) {
      std::vector<std::string> tags;
      if (const std::string* have = ctx.var("tags")) tags = split(*have);
      for (const auto& t : *it) {
        if (!t.is_string()) continue;
        auto tag = t.get<std::string>();
        if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
      }
      std::string joined;
      for (const auto& t : tags) joined += (joined.empty() ? "" : ",") + t;
      ctx.setVar("tags", joined);
    }
    ctx.go("next");
  }

 private:
  static std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string part; std::getline(in, part, ',');) {
      if (!part.empty()) out.push_back(part);
    }
    return out;
  }
};

}  // namespace

void registerSetRun(RunRegistry& r) {
  r.add("set", [](const flow::Step&) { return std::make_unique<SetRun>(); });
}

}  // namespace hk::engine
