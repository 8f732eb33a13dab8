#include "base/result.hpp"

namespace hk {

const char* codeName(Code c) {
  switch (c) {
    case Code::Invalid: return "invalid";
    case Code::NotFound: return "not_found";
    case Code::Conflict: return "conflict";
    case Code::Unauthorized: return "unauthorized";
    case Code::Forbidden: return "forbidden";
    case Code::Unavailable: return "unavailable";
    case Code::Timeout: return "timeout";
    case Code::TooLarge: return "too_large";
    case Code::Internal: return "internal";
  }
  return "internal";
}

}  // namespace hk
