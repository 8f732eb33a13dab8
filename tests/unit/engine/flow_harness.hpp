#pragma once
// One call running one flow document against FakeCall: the document is checked and
// compiled through Snapshot::build (attached to the fake call's number), and the handler
// is the one hankyod would use (engine::makeFlowHandler).
#include <gtest/gtest.h>

#include "engine/flow_handler.hpp"
#include "unit/engine/fake_call.hpp"

namespace hk::test {

struct FlowHarness {
  explicit FlowHarness(const nlohmann::json& doc,
                       engine::RunRegistry registry = engine::RunRegistry::builtin())
      : runs(std::move(registry)), call(clock) {
    engine::FlowRows rows;
    rows.flows.push_back({11, 1, 0, 3, doc.dump()});
    rows.attachments.push_back({1, 0, call.info_.number.id, 11});
    std::vector<std::string> problems;
    snapshot = engine::Snapshot::build(rows, runs, &problems);
    for (const auto& p : problems) ADD_FAILURE() << p;
    handler = engine::makeFlowHandler(snapshot, call.info_, clock, runs);
    call.handler = handler.get();
  }
  const std::vector<std::string>& path() const { return call.record.flow_path; }

  engine::RunRegistry runs;  // the handler refers to it
  FakeClock clock;
  FakeCall call;
  std::shared_ptr<const engine::Snapshot> snapshot;
  std::unique_ptr<b2bua::CallHandler> handler;
};

}  // namespace hk::test
