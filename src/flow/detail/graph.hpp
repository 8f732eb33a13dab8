#pragma once
// The whole-document checks of a flow on its graph of steps: branch targets, reachability
// from start, loops that nobody bounds.
#include <map>
#include <string>

#include "flow/flow_doc.hpp"

namespace hk::flow::detail {

// Every branch names a step: errors at the branch's pointer.
void checkTargets(const std::map<std::string, Step>& steps, Issues& errors);

// Steps start cannot reach: one warning each at "<base>/steps/<id>".
void warnUnreachable(const std::map<std::string, Step>& steps, const std::string& start,
                     const std::string& base, Issues& warnings);

// A loop made only of steps that do not wait for the caller (every step runs at once and
// hands on): an error at the branch that closes it, naming the loop.
void checkLoops(const std::map<std::string, Step>& steps, Issues& errors);

}  // namespace hk::flow::detail
