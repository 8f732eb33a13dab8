#pragma once
// Reads what the flow engine's directory is built from (engine::FlowRows) from the store:
// every flow's current version (documents cached by flow and version, so a reload reads
// only new versions), every attachment, and the absence switches. Runs on the SIP side's
// blocking pool, never on the call loop.
#include "engine/flow_directory.hpp"

namespace hk::store {
class Store;
}

namespace hk::app {

engine::LoadFlowRows flowRowsLoader(store::Store& store);

}  // namespace hk::app
