#pragma once
// One server thread (Worker: an io_context of its own, its connections, a deadline sweep)
// and one client connection. Asio inside: included by src/api/*.cpp only.
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "api/detail/request_parser.hpp"
#include "api/detail/server_stats.hpp"
#include "api/http_server.hpp"

namespace hk::api::detail {

namespace asio = boost::asio;
using SteadyTime = std::chrono::steady_clock::time_point;

// What every thread of one server shares (read-only but for the stats' atomics).
struct ServerShared {
  HttpServerOptions options;
  const Router& router;
  ServerStats stats;
  std::string id_prefix;  // random per server start, for generated request ids
};

class Connection;

struct Worker {
  Worker(ServerShared& s, unsigned i);
  ~Worker() { destroying = true; }  // ~io_context then drops connections: see ~Connection
  void startSweep();
  void beginDrain();
  void onSweep();
  void run();  // the thread body

  ServerShared& shared;
  const unsigned index;
  uint64_t next_request = 0;
  bool draining = false;
  SteadyTime drain_deadline{};
  std::chrono::milliseconds tick;
  std::list<Connection*> conns;  // destroyed after ioc, whose handlers own the connections
  bool destroying = false;
  asio::io_context ioc{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> guard;
  asio::steady_timer sweep{ioc};
  std::thread thread;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Worker& w, asio::ip::tcp::socket socket);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts reading; the connection then lives as long as it has an operation pending.
  static void open(Worker& w, asio::ip::tcp::socket socket);
  void checkDeadline(SteadyTime now);
  void drain();  // server stopping: close now if between requests
  void close();

 private:
  enum class State { Idle, Reading, Writing, Lingering, Closed };

  void readMore();
  void onRead(const boost::system::error_code& ec, size_t n);
  void process();
  void beginRequest(SteadyTime now);
  void finishRequest();
  void failRequest(const boost::system::error_code& ec);
  void respond(const Response& res, bool keep_alive, bool keep_alive_10);
  void assignRequestId();
  void write();
  void onWrite(const boost::system::error_code& ec);
  void startLinger();

  Worker& w_;
  asio::ip::tcp::socket socket_;
  std::list<Connection*>::iterator self_;
  boost::beast::flat_buffer in_;
  std::optional<RequestParser> parser_;
  Request req_;
  std::string out_;
  SteadyTime deadline_{};
  SteadyTime started_{};
  State state_ = State::Idle;
  bool close_after_write_ = false;
  bool continue_sent_ = false;
  size_t lingered_ = 0;
};

}  // namespace hk::api::detail
