#pragma once
#include <cstdint>

namespace hk::domain {
using Id = int64_t;  // database row id; 0 means "none"
}
