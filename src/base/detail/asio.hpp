#pragma once
// Only networking .cpp files include this: it exposes the io_context behind an EventLoop.
#include <boost/asio/io_context.hpp>

#include "base/executor.hpp"

namespace hk::detail {
boost::asio::io_context& ioContext(EventLoop& loop);
}
