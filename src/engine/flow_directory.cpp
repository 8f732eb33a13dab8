#include "engine/flow_directory.hpp"

#include <fmt/format.h>

#include "base/log.hpp"

namespace hk::engine {

std::vector<std::string> missingExecutors(const RunRegistry& runs) {
  std::vector<std::string> out;
  for (const auto& verb : flow::VerbRegistry::builtin().names()) {
    if (!runs.find(verb)) out.push_back(verb);
  }
  return out;
}

std::shared_ptr<const Snapshot> Snapshot::build(const FlowRows& rows, const RunRegistry& runs,
                                                std::vector<std::string>* problems) {
  auto s = std::make_shared<Snapshot>();
  auto problem = [&](std::string text) {
    if (problems) problems->push_back(std::move(text));
  };
  for (const auto& f : rows.flows) {
    auto json = flow::Json::parse(f.document, nullptr, false);
    if (json.is_discarded()) {
      problem(fmt::format("flow {} v{}: the stored document is not JSON", f.id, f.version));
      continue;
    }
    auto check = flow::checkFlow(json);
    if (!check.document) {
      problem(fmt::format("flow {} v{}: {} {}", f.id, f.version, check.errors.front().field,
                          check.errors.front().reason));
      continue;
    }
    std::string missing;
    for (const auto& [id, step] : check.document->steps) {
      if (!runs.find(step.verb)) missing += (missing.empty() ? "" : ", ") + step.verb;
    }
    if (!missing.empty()) {
      problem(fmt::format("flow {} v{}: no executor for {}", f.id, f.version, missing));
      continue;
    }
    s->flows_[f.id] = CompiledFlow{f.id, f.advertiser_id, f.version, std::move(*check.document)};
  }
  for (const auto& a : rows.attachments) {
    if (a.number_id != 0) {
      s->by_number_[a.number_id] = a.flow_id;
    } else if (a.advertiser_id != 0) {
      s->by_advertiser_[a.advertiser_id] = a.flow_id;
    } else {
      s->by_operator_[a.operator_id] = a.flow_id;
    }
  }
  s->absent_numbers_ = rows.absent_numbers;
  s->absent_advertisers_ = rows.absent_advertisers;
  return s;
}

const CompiledFlow* Snapshot::flowFor(const domain::TrackingNumber& n) const {
  auto pick = [&](const std::map<domain::Id, domain::Id>& by,
                  domain::Id key) -> const CompiledFlow* {
    if (key == 0) return nullptr;
    auto it = by.find(key);
    if (it == by.end()) return nullptr;
    auto f = flows_.find(it->second);
    if (f == flows_.end()) return nullptr;
    // An advertiser's flow runs only on that advertiser's numbers.
    if (f->second.advertiser_id != 0 && f->second.advertiser_id != n.advertiser_id) return nullptr;
    return &f->second;
  };
  if (auto* f = pick(by_number_, n.id)) return f;
  if (auto* f = pick(by_advertiser_, n.advertiser_id)) return f;
  return pick(by_operator_, n.operator_id);
}

bool Snapshot::absent(domain::Id number_id, domain::Id advertiser_id) const {
  return (number_id != 0 && absent_numbers_.count(number_id) != 0) ||
         (advertiser_id != 0 && absent_advertisers_.count(advertiser_id) != 0);
}

// Shared with the closures of the refresh chain, so that one in flight when the directory
// goes away finds `stopped` and ends.
struct FlowDirectory::State {
  State(EventLoop& l, Executor& b, LoadFlowRows ld, std::chrono::milliseconds r,
        const RunRegistry& rr)
      : loop(l), blocking(b), load(std::move(ld)), refresh(r), runs(rr) {}
  EventLoop& loop;
  Executor& blocking;
  LoadFlowRows load;
  std::chrono::milliseconds refresh;
  const RunRegistry& runs;
  std::atomic<bool> stopped{false};
  mutable std::mutex mu;
  std::shared_ptr<const Snapshot> current = std::make_shared<Snapshot>();
  std::set<std::string> reported;  // problems already logged (blocking thread only)
  std::shared_ptr<spdlog::logger> lg = log::get("engine");

  bool loadOnce() {
    auto rows = load();
    if (!rows) {
      HK_LOG_WARN(lg, "loading the flows failed: {}", rows.error().message);
      return false;
    }
    std::vector<std::string> problems;
    auto snap = Snapshot::build(*rows, runs, &problems);
    for (auto& p : problems) {
      if (reported.insert(p).second) HK_LOG_ERROR(lg, "{} (the flow is not run)", p);
    }
    std::lock_guard<std::mutex> l(mu);
    if (snap->flowCount() != current->flowCount() ||
        snap->attachmentCount() != current->attachmentCount()) {
      HK_LOG_INFO(lg, "flows: {} runnable, {} attachments", snap->flowCount(),
                  snap->attachmentCount());
    }
    current = std::move(snap);
    return true;
  }
};

namespace {

void scheduleRefresh(std::shared_ptr<FlowDirectory::State> s) {
  if (s->stopped) return;
  s->loop.post([s] {
    if (s->stopped) return;
    s->loop.runAfter(s->refresh, [s] {
      if (s->stopped) return;
      s->blocking.post([s] {
        if (s->stopped) return;
        s->loadOnce();
        scheduleRefresh(s);
      });
    });
  });
}

}  // namespace

FlowDirectory::FlowDirectory(EventLoop& loop, Executor& blocking, LoadFlowRows load,
                             std::chrono::milliseconds refresh, const RunRegistry& runs)
    : state_(std::make_shared<State>(loop, blocking, std::move(load), refresh, runs)) {}

FlowDirectory::~FlowDirectory() { stop(); }

Status FlowDirectory::start() {
  bool loaded = state_->loadOnce();
  scheduleRefresh(state_);
  return loaded ? ok() : fail(Code::Unavailable, "the flows could not be loaded");
}

void FlowDirectory::stop() { state_->stopped = true; }

std::shared_ptr<const Snapshot> FlowDirectory::current() const {
  std::lock_guard<std::mutex> l(state_->mu);
  return state_->current;
}

void FlowDirectory::set(std::shared_ptr<const Snapshot> s) {
  std::lock_guard<std::mutex> l(state_->mu);
  state_->current = s ? std::move(s) : std::make_shared<Snapshot>();
}

}  // namespace hk::engine
