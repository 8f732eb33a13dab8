#include "flow/flow_doc.hpp"

#include <fmt/format.h>

#include "flow/detail/graph.hpp"
#include "flow/detail/text.hpp"

namespace hk::flow {

const char* answerModeName(AnswerMode m) {
  switch (m) {
    case AnswerMode::Now: return "now";
    case AnswerMode::EarlyMedia: return "early_media";
    case AnswerMode::OnConnect: return "on_connect";
  }
  return "now";
}

const std::string* Step::next(std::string_view branch) const {
  for (const auto& b : branches) {
    if (b.name == branch) return &b.target;
  }
  return nullptr;
}

namespace {

// The pointer of the first value nested deeper than `limit`, or nullopt.
std::optional<std::string> tooDeep(const Json& j, const std::string& at, size_t depth,
                                   size_t limit) {
  if (!j.is_structured()) return std::nullopt;
  if (depth > limit) return at.empty() ? "/" : at;
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (auto p = tooDeep(v, pointerTo(at, k), depth + 1, limit)) return p;
    }
  } else {
    for (size_t i = 0; i < j.size(); ++i) {
      if (auto p = tooDeep(j[i], pointerTo(at, std::to_string(i)), depth + 1, limit)) return p;
    }
  }
  return std::nullopt;
}

std::string verbList(const VerbRegistry& verbs) {
  std::string out;
  for (const auto& n : verbs.names()) out += (out.empty() ? "" : ", ") + n;
  return out;
}

class DocumentReader {
 public:
  DocumentReader(const VerbRegistry& verbs, std::string base, FlowCheck& out)
      : verbs_(verbs), base_(std::move(base)), out_(out) {}

  void read(const Json& doc) {
    ParamReader top(doc, base_, out_.errors);
    if (!top.isObject()) return;
    if (auto name = top.text("name", 200, Need::Required)) doc_.name = *name;
    if (auto d = top.text("description", 1000)) doc_.description = *d;
    if (auto a = top.oneOf("answer", {"now", "early_media", "on_connect"})) {
      doc_.answer = *a == "now"           ? AnswerMode::Now
                    : *a == "early_media" ? AnswerMode::EarlyMedia
                                          : AnswerMode::OnConnect;
    }
    if (auto v = top.integer("max_visits", 1, kMaxMaxVisits))
      doc_.max_visits = static_cast<int>(*v);
    const Json* start = top.value("start", Need::Required);
    if (start && (!start->is_string() || start->get_ref<const std::string&>().empty())) {
      top.error("start", "must be the id of a step");
      start = nullptr;
    }
    if (const Json* steps = top.object("steps", Need::Required)) readSteps(*steps, top.at("steps"));
    top.finish();
    if (start) {
      doc_.start = start->get<std::string>();
      if (!doc_.steps.empty() && doc_.steps.count(doc_.start) == 0) {
        top.error("start", fmt::format("there is no step \"{}\"", doc_.start));
      }
    }
    wholeDocument();
  }

 private:
  void readSteps(const Json& steps, const std::string& at) {
    if (steps.empty()) {
      out_.errors.push_back({at, "must have at least one step"});
      return;
    }
    if (steps.size() > kMaxSteps) {
      out_.errors.push_back({at, fmt::format("at most {} steps", kMaxSteps)});
      return;
    }
    for (const auto& [id, step] : steps.items()) readStep(id, step, pointerTo(at, id));
  }

  void readStep(const std::string& id, const Json& step, const std::string& at) {
    if (!detail::isStepId(id)) {
      out_.errors.push_back({at, "a step id is 1 to 40 of A-Z a-z 0-9 _ -"});
    }
    // Every key of "steps" names a step, even one too broken to read, so that branches to
    // it are not reported as well.
    Step& s = doc_.steps[id];
    s.id = id;
    s.params = step;
    StepReader r(step, at, out_.errors);
    if (!r.isObject()) return;
    r.text("label", 200);
    const Json* verb = r.value("verb", Need::Required);
    if (!verb) return;
    const VerbSpec* spec =
        verb->is_string() ? verbs_.find(verb->get_ref<const std::string&>()) : nullptr;
    if (!spec) {
      r.error("verb", "must be one of: " + verbList(verbs_));
      return;  // its other fields mean nothing without a verb
    }
    spec->check(r);
    r.finish();
    s.verb = spec->name;
    s.branches = std::move(r.branches());
    s.waits_for_caller = r.waits();
    s.uses_caller_media = r.callerMedia();
  }

  void wholeDocument() {
    detail::checkTargets(doc_.steps, out_.errors);
    detail::checkLoops(doc_.steps, out_.errors);
    if (doc_.answer == AnswerMode::OnConnect) {
      for (const auto& [id, step] : doc_.steps) {
        if (!step.uses_caller_media) continue;
        out_.errors.push_back(
            {pointerTo(base_ + "/steps", id),
             fmt::format("{} plays to or listens to the caller, which needs the call answered: "
                         "\"answer\": \"on_connect\" does not allow it (use now or early_media)",
                         step.verb)});
      }
    }
    if (!out_.errors.empty()) return;
    detail::warnUnreachable(doc_.steps, doc_.start, base_, out_.warnings);
    out_.document = std::move(doc_);
  }

  const VerbRegistry& verbs_;
  const std::string base_;
  FlowCheck& out_;
  FlowDocument doc_;
};

}  // namespace

FlowCheck checkFlow(const Json& doc, const VerbRegistry& verbs, const std::string& base) {
  FlowCheck out;
  if (auto deep = tooDeep(doc, base, 1, kMaxJsonDepth)) {
    out.errors.push_back({*deep, fmt::format("nested more than {} levels deep", kMaxJsonDepth)});
    return out;
  }
  size_t bytes = doc.dump(-1, ' ', false, Json::error_handler_t::replace).size();
  if (bytes > kMaxDocumentBytes) {
    out.errors.push_back({base.empty() ? "/" : base,
                          fmt::format("the document is {} bytes, more than the {} allowed", bytes,
                                      kMaxDocumentBytes)});
    return out;
  }
  DocumentReader(verbs, base, out).read(doc);
  return out;
}

}  // namespace hk::flow
