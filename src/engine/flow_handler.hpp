#pragma once
// The B2BUA's HandlerFactory with the flow engine: a call on a number with a flow (number,
// advertiser or operator attachment, in FlowDirectory's current snapshot) runs it
// (FlowRun); a number without one is forwarded to its destinations as before
// (b2bua::makeForwardHandler).
#include "b2bua/call_control.hpp"
#include "engine/flow_directory.hpp"

namespace hk::engine {

b2bua::HandlerFactory makeHandlerFactory(const FlowDirectory& directory, const Clock& clock,
                                         const RunRegistry& runs = RunRegistry::builtin());

// The handler for one call from a snapshot (tests, and the factory above).
std::unique_ptr<b2bua::CallHandler> makeFlowHandler(
    std::shared_ptr<const Snapshot> snapshot, const b2bua::CallInfo& info, const Clock& clock,
    const RunRegistry& runs = RunRegistry::builtin());

}  // namespace hk::engine
