#include "engine/flow_handler.hpp"

#include "engine/flow_run.hpp"

namespace hk::engine {

std::unique_ptr<b2bua::CallHandler> makeFlowHandler(std::shared_ptr<const Snapshot> snapshot,
                                                    const b2bua::CallInfo& info, const Clock& clock,
                                                    const RunRegistry& runs) {
  const CompiledFlow* flow = snapshot ? snapshot->flowFor(info.number) : nullptr;
  if (!flow) return b2bua::makeForwardHandler(info);
  const Snapshot& env = *snapshot;
  // The run keeps its snapshot: the flow and the absence switches it started with.
  return std::make_unique<FlowRun>(std::move(snapshot), *flow, env, clock, runs);
}

b2bua::HandlerFactory makeHandlerFactory(const FlowDirectory& directory, const Clock& clock,
                                         const RunRegistry& runs) {
  return [&directory, &clock, &runs](const b2bua::CallInfo& info) {
    return makeFlowHandler(directory.current(), info, clock, runs);
  };
}

}  // namespace hk::engine
