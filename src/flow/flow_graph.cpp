// The graph checks of a flow document (detail/graph.hpp).
#include <fmt/format.h>

#include <deque>
#include <set>

#include "flow/detail/graph.hpp"

namespace hk::flow::detail {

void checkTargets(const std::map<std::string, Step>& steps, Issues& errors) {
  for (const auto& [id, step] : steps) {
    for (const auto& b : step.branches) {
      if (steps.count(b.target) == 0) {
        errors.push_back({b.pointer, fmt::format("there is no step \"{}\"", b.target)});
      }
    }
  }
}

// Breadth-first walk from `start` along every branch; a step never reached is a warning.
void warnUnreachable(const std::map<std::string, Step>& steps, const std::string& start,
                     const std::string& base, Issues& warnings) {
  std::set<std::string> seen;
  std::deque<std::string> frontier;
  if (steps.count(start) != 0) {
    seen.insert(start);
    frontier.push_back(start);
  }
  while (!frontier.empty()) {
    const Step& s = steps.at(frontier.front());
    frontier.pop_front();
    for (const auto& b : s.branches) {
      if (steps.count(b.target) != 0 && seen.insert(b.target).second) frontier.push_back(b.target);
    }
  }
  for (const auto& [id, step] : steps) {
    if (seen.count(id) == 0) {
      warnings.push_back({pointerTo(base + "/steps", id), "cannot be reached from start"});
    }
  }
}

namespace {

// Depth-first search over the steps that do not wait for the caller.
class LoopFinder {
 public:
  LoopFinder(const std::map<std::string, Step>& steps, Issues& errors)
      : steps_(steps), errors_(errors) {}

  void run() {
    for (const auto& [id, step] : steps_) {
      if (!step.waits_for_caller && state_[id] == kNew) visit(id);
    }
  }

 private:
  enum State { kNew = 0, kOnPath, kDone };

  void visit(const std::string& id) {
    state_[id] = kOnPath;
    path_.push_back(id);
    for (const auto& b : steps_.at(id).branches) {
      auto it = steps_.find(b.target);
      if (it == steps_.end() || it->second.waits_for_caller) continue;
      State& st = state_[b.target];
      if (st == kOnPath) {
        report(b);
      } else if (st == kNew) {
        visit(b.target);
      }
    }
    path_.pop_back();
    state_[id] = kDone;
  }

  void report(const Branch& closing) {
    std::string loop;
    bool in = false;
    for (const auto& id : path_) {
      in = in || id == closing.target;
      if (in) loop += id + " -> ";
    }
    loop += closing.target;
    errors_.push_back(
        {closing.pointer, fmt::format("makes a loop ({}) with no step that waits for the "
                                      "caller (gather or queue)",
                                      loop)});
  }

  const std::map<std::string, Step>& steps_;
  Issues& errors_;
  std::map<std::string, State> state_;
  std::vector<std::string> path_;
};

}  // namespace

void checkLoops(const std::map<std::string, Step>& steps, Issues& errors) {
  LoopFinder(steps, errors).run();
}

}  // namespace hk::flow::detail
