#pragma once
// Which flow a call runs: the current version of every flow, compiled, the attachments
// (number, then its advertiser, then its operator: the most specific wins) and the absence
// switches. Built from plain rows that the owner reads from the store (engine does not
// depend on store) OFF the call loop, and swapped in whole as a shared_ptr<const Snapshot>:
// a call keeps the snapshot it started with. FlowDirectory reloads it every `refresh`.
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "base/executor.hpp"
#include "base/result.hpp"
#include "domain/number.hpp"
#include "engine/flow_env.hpp"
#include "engine/verb_run.hpp"
#include "flow/flow_doc.hpp"

namespace hk::engine {

// What a snapshot is built from: the store's rows, as plain values.
struct FlowRows {
  struct Flow {
    domain::Id id = 0;
    domain::Id operator_id = 0;
    domain::Id advertiser_id = 0;  // 0: an operator-level flow
    int version = 0;               // the current version
    std::string document;          // its JSON text
  };
  struct Attachment {
    domain::Id operator_id = 0;
    domain::Id advertiser_id = 0;  // advertiser-level only
    domain::Id number_id = 0;      // number-level only
    domain::Id flow_id = 0;
  };
  std::vector<Flow> flows;
  std::vector<Attachment> attachments;
  std::set<domain::Id> absent_numbers;
  std::set<domain::Id> absent_advertisers;
};

struct CompiledFlow {
  domain::Id id = 0;
  domain::Id advertiser_id = 0;
  int version = 0;
  flow::FlowDocument doc;
};

class Snapshot final : public FlowEnv {
 public:
  // Flows whose document no longer checks, or uses a verb without an executor, are left
  // out (their numbers forward as without a flow); each such problem is appended to
  // `problems` when given.
  static std::shared_ptr<const Snapshot> build(const FlowRows& rows,
                                               const RunRegistry& runs = RunRegistry::builtin(),
                                               std::vector<std::string>* problems = nullptr);
  // The flow a call on `n` runs; nullptr: none (forward to the number's destinations).
  const CompiledFlow* flowFor(const domain::TrackingNumber& n) const;
  bool absent(domain::Id number_id, domain::Id advertiser_id) const override;
  size_t flowCount() const { return flows_.size(); }
  size_t attachmentCount() const {
    return by_number_.size() + by_advertiser_.size() + by_operator_.size();
  }

 private:
  std::map<domain::Id, CompiledFlow> flows_;
  std::map<domain::Id, domain::Id> by_number_, by_advertiser_, by_operator_;  // -> flow id
  std::set<domain::Id> absent_numbers_, absent_advertisers_;
};

using LoadFlowRows = std::function<Result<FlowRows>()>;

class FlowDirectory {
 public:
  // `load` runs on `blocking`; the refresh timer on `loop`.
  FlowDirectory(EventLoop& loop, Executor& blocking, LoadFlowRows load,
                std::chrono::milliseconds refresh,
                const RunRegistry& runs = RunRegistry::builtin());
  ~FlowDirectory();  // stop()
  FlowDirectory(const FlowDirectory&) = delete;
  FlowDirectory& operator=(const FlowDirectory&) = delete;

  // Loads once now (on the calling thread: start-up), then every `refresh` in the background.
  Status start();
  // No more reloads (a load in flight is dropped). Before `blocking` and `loop` stop.
  void stop();
  // From any thread; never null (empty until the first load).
  std::shared_ptr<const Snapshot> current() const;
  void set(std::shared_ptr<const Snapshot> s);

  struct State;

 private:
  std::shared_ptr<State> state_;
};

// The verbs of flow::VerbRegistry::builtin() without an executor in `runs` (empty: all
// there). hankyod refuses to start with any missing; Snapshot::build leaves such flows out.
std::vector<std::string> missingExecutors(const RunRegistry& runs = RunRegistry::builtin());

}  // namespace hk::engine
