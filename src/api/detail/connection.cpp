#include "api/detail/connection.hpp"

#include <fmt/format.h>

#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <exception>
#include <iterator>

#include "api/detail/response_writer.hpp"
#include "api/problem.hpp"
#include "api/url.hpp"

namespace hk::api::detail {

namespace {

namespace http = boost::beast::http;
using boost::system::error_code;

constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kMaxBatch = 256 * 1024;  // pipelined replies buffered before writing
constexpr size_t kMaxLinger = 1024 * 1024;
constexpr std::chrono::milliseconds kMaxLingerTime{2000};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

bool saneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

SteadyTime now() { return std::chrono::steady_clock::now(); }

}  // namespace

Connection::Connection(Worker& w, asio::ip::tcp::socket socket)
    : w_(w), socket_(std::move(socket)) {
  self_ = w_.conns.insert(w_.conns.end(), this);
  w_.shared.stats.connectionOpened();
}

Connection::~Connection() {
  w_.conns.erase(self_);
  w_.shared.stats.connectionClosed();
  if (!w_.destroying && w_.draining && w_.conns.empty()) w_.sweep.cancel();
}

void Connection::open(Worker& w, asio::ip::tcp::socket socket) {
  auto c = std::make_shared<Connection>(w, std::move(socket));
  if (w.draining) return c->close();
  error_code ec;
  c->socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  auto remote = c->socket_.remote_endpoint(ec);
  if (!ec) c->req_.remote = fmt::format("{}:{}", remote.address().to_string(), remote.port());
  c->deadline_ = now() + w.shared.options.idle_timeout;
  c->readMore();
}

void Connection::close() {
  if (state_ == State::Closed) return;
  state_ = State::Closed;
  error_code ec;
  socket_.close(ec);
}

void Connection::checkDeadline(SteadyTime t) {
  if (state_ != State::Closed && t >= deadline_) close();
}

void Connection::drain() {
  if (state_ == State::Idle) close();
}

void Connection::readMore() {
  socket_.async_read_some(
      in_.prepare(kReadChunk),
      [self = shared_from_this()](const error_code& ec, size_t n) { self->onRead(ec, n); });
}

void Connection::onRead(const error_code& ec, size_t n) {
  if (state_ == State::Closed) return;
  if (ec) return close();  // peer gone, reset or timed out: nothing to answer
  in_.commit(n);
  if (state_ == State::Lingering) {
    lingered_ += in_.size();
    in_.consume(in_.size());
    if (lingered_ > kMaxLinger) return close();
    return readMore();
  }
  process();
}

void Connection::beginRequest(SteadyTime t) {
  req_.clear();
  parser_.emplace(req_, static_cast<uint32_t>(w_.shared.options.max_header_bytes),
                  w_.shared.options.max_body_bytes);
  continue_sent_ = false;
  started_ = t;
  state_ = State::Reading;
  deadline_ = t + w_.shared.options.read_timeout;
}

void Connection::process() {
  while (in_.size() > 0) {
    if (!parser_) beginRequest(now());
    error_code ec;
    size_t used = parser_->put(in_.data(), ec);
    in_.consume(used);
    if (ec && ec != http::error::need_more) {
      failRequest(ec);
      break;
    }
    if (!parser_->is_done()) {
      if (parser_->is_header_done() && parser_->expectContinue() && !continue_sent_ &&
          parser_->version() >= 11) {
        out_ += kContinue;
        continue_sent_ = true;
      }
      if (ec || used == 0) break;
      continue;
    }
    finishRequest();
    parser_.reset();
    if (close_after_write_ || out_.size() >= kMaxBatch) break;
  }
  if (!out_.empty()) return write();
  if (!parser_) {
    if (w_.draining) return close();
    state_ = State::Idle;
    deadline_ = now() + w_.shared.options.idle_timeout;
  }
  readMore();
}

void Connection::assignRequestId() {
  std::string_view given = req_.headers.get("X-Request-Id");
  if (saneRequestId(given)) {
    req_.request_id.assign(given);
    return;
  }
  req_.request_id.clear();
  fmt::format_to(std::back_inserter(req_.request_id), "{}{:x}-{:x}", w_.shared.id_prefix, w_.index,
                 ++w_.next_request);
}

void Connection::finishRequest() {
  const bool keep_alive = parser_->keep_alive() && !w_.draining;
  const bool keep_alive_10 = keep_alive && parser_->version() < 11;
  assignRequestId();
  Response res;
  if (auto st = parseTarget(req_.target, req_); !st) {
    res = problem(400, "bad request target: " + st.error().message);
  } else {
    try {
      res = w_.shared.router.handle(req_);
    } catch (const std::exception& e) {
      HK_LOG_ERROR(&w_.shared.stats.log(), "handler failed req_id={} error={}", req_.request_id,
                   e.what());
      res = problem(500, "internal error");
    } catch (...) {
      HK_LOG_ERROR(&w_.shared.stats.log(), "handler failed req_id={} error=unknown",
                   req_.request_id);
      res = problem(500, "internal error");
    }
  }
  if (req_.method == "HEAD") res.send_body = false;
  respond(res, keep_alive, keep_alive_10);
}

void Connection::failRequest(const error_code& ec) {
  Response res;
  if (ec == http::error::header_limit) {
    res = problem(431, fmt::format("request header larger than {} bytes",
                                   w_.shared.options.max_header_bytes));
  } else if (ec == http::error::body_limit) {
    res = problem(
        413, fmt::format("request body larger than {} bytes", w_.shared.options.max_body_bytes));
  } else {
    res = problem(400, "malformed HTTP request: " + ec.message());
  }
  assignRequestId();
  parser_.reset();
  respond(res, false, false);
}

void Connection::respond(const Response& res, bool keep_alive, bool keep_alive_10) {
  if (!keep_alive) close_after_write_ = true;
  WriteOptions opt{req_.request_id, close_after_write_, keep_alive_10};
  size_t bytes = appendResponse(out_, res, opt);
  auto took = std::chrono::duration_cast<std::chrono::microseconds>(now() - started_);
  w_.shared.stats.record(req_, res.status, bytes, took);
}

void Connection::write() {
  state_ = State::Writing;
  deadline_ = now() + w_.shared.options.read_timeout;
  asio::async_write(
      socket_, asio::buffer(out_),
      [self = shared_from_this()](const error_code& ec, size_t) { self->onWrite(ec); });
}

void Connection::onWrite(const error_code& ec) {
  if (state_ == State::Closed) return;
  if (ec) return close();
  out_.clear();
  if (close_after_write_) return startLinger();
  state_ = parser_ ? State::Reading : State::Idle;
  process();
}

// Half-closes and reads what the client still sends, so that it sees our answer instead
// of a reset (RFC 9112 §9.6).
void Connection::startLinger() {
  error_code ec;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  if (ec) return close();
  state_ = State::Lingering;
  deadline_ = now() + std::min(kMaxLingerTime, w_.shared.options.read_timeout);
  lingered_ = in_.size();
  in_.consume(in_.size());
  readMore();
}

}  // namespace hk::api::detail
