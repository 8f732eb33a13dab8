#pragma once
// Runs a program as a child process: argv as given (never through a shell), stdin and stdout
// on /dev/null, stderr captured, killed when it outlives its timeout. Blocking: call it from
// a worker thread.
#include <chrono>
#include <string>
#include <vector>

#include "base/result.hpp"

namespace hk::media::detail {

struct ChildExit {
  int exit_code = -1;       // -1 when killed by a signal
  int signal = 0;           // the signal that ended it, 0 if it exited
  std::string stderr_tail;  // the last few KB it wrote to stderr
};

// Errors: Unavailable (cannot start, e.g. no such program), Timeout (killed after
// `timeout`). A non-zero exit is not an error here: the caller reads exit_code.
Result<ChildExit> runChild(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

}  // namespace hk::media::detail
