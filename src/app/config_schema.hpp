#pragma once
#include <vector>

#include "base/config.hpp"

namespace hk::app {

// Every key hankyod reads. etc/hankyo.conf.sample lists the same keys with their defaults
// (a unit test keeps the two equal) and docs/config.md explains them.
const std::vector<ConfigKey>& configSchema();

}  // namespace hk::app
