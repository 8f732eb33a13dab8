// sip::TransactionLayer: dispatch of incoming messages, handles, branches.
// Client transactions are in transaction_client.cpp, server ones in transaction_server.cpp.
//
// Rule that keeps TU callbacks safe: a transaction is never erased synchronously inside a
// call from the TU or while a TU callback runs; it ends on a timer (zero-length ones
// included) or a posted transport error. So references handed to the TU stay valid for
// the whole callback.
#include <cstdio>

#include "base/ids.hpp"
#include "sip/detail/transaction_core.hpp"
#include "sip/response.hpp"

namespace hk::sip {

TxnCore::TxnCore(EventLoop& l, Transport& t, TransactionUser& u, TimerConfig c,
                 metrics::Registry* m)
    : loop(l), transport(t), tu(u), timers(c), branch_prefix(randomHex(5)) {
  if (m != nullptr) {
    gauge = &m->gauge("hankyo_sip_transactions", "Live SIP transactions");
  }
}

std::string TxnCore::newBranch() {
  char buf[24];
  int n = std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(++branch_counter));
  std::string b;
  b.reserve(7 + branch_prefix.size() + 1 + static_cast<size_t>(n));
  b.append("z9hG4bK").append(branch_prefix).append(".").append(buf, static_cast<size_t>(n));
  return b;
}

std::string TxnCore::newTag() { return randomHex(6); }

hk::Result<std::string> TxnCore::viaFor(const Target& target, const std::string& branch) const {
  auto l = transport.listenerFor(target);
  if (!l) return l.error();
  std::string via = "SIP/2.0/";
  via.append(transportName(target.transport)).append(" ").append(l->sentBy());
  via.append(";branch=").append(branch).append(";rport");
  return via;
}

void TxnCore::cancelTimers(TimerId& a, TimerId& b) {
  if (a) loop.cancelTimer(a);
  if (b) loop.cancelTimer(b);
  a = 0;
  b = 0;
}

void TxnCore::updateGauge() {
  if (gauge == nullptr) return;
  auto now = static_cast<int64_t>(clients.size() + servers.size());
  gauge->add(now - gauge_reported);
  gauge_reported = now;
}

void TxnCore::onMessage(Message&& msg, const Source& src) {
  auto keep_alive = shared_from_this();  // the TU may drop the layer from a callback
  auto via = msg.topVia();
  if (!via) return;  // the transport checked it on requests; a response without one is junk
  if (msg.isResponse()) {
    auto cseq = msg.cseq();
    if (!cseq) return;
    std::string key;
    key.reserve(via->branch.size() + cseq->method.size() + 1);
    key.append(via->branch).append("|").append(cseq->method);
    auto it = client_index.find(key);
    if (it != client_index.end()) {
      auto c = clients.find(it->second);
      if (c != clients.end()) {
        clientResponse(*c->second, msg);
        return;
      }
    }
    ++stats.stray_responses;
    tu.onStrayResponse(msg, src);
    return;
  }
  Via top = *via;
  serverRequest(std::move(msg), src, top);
}

// ---- TransactionLayer

TransactionLayer::TransactionLayer(EventLoop& loop, Transport& transport, TransactionUser& tu,
                                   TimerConfig timers, metrics::Registry* metrics)
    : core_(std::make_shared<TxnCore>(loop, transport, tu, timers, metrics)) {
  std::weak_ptr<TxnCore> weak = core_;
  transport.setHandler([weak](Message&& msg, const Source& src) {
    if (auto core = weak.lock()) core->onMessage(std::move(msg), src);
  });
}

TransactionLayer::~TransactionLayer() {
  core_->transport.setHandler({});
  for (auto& [id, t] : core_->clients) core_->cancelTimers(t->retx_timer, t->timeout_timer);
  for (auto& [id, t] : core_->servers) core_->cancelTimers(t->retx_timer, t->timeout_timer);
  core_->clients.clear();
  core_->servers.clear();
  core_->updateGauge();
}

hk::Result<ClientTransaction> TransactionLayer::sendRequest(Message request, const Target& target,
                                                            ClientCallbacks callbacks) {
  if (request.method() == "ACK" || request.method() == "CANCEL") {
    return hk::Error::invalid("ACK and CANCEL are not sent with sendRequest()");
  }
  return core_->startClient(std::move(request), target, std::move(callbacks), true);
}

hk::Status TransactionLayer::sendStateless(Message request, const Target& target) {
  if (!request.isRequest()) return hk::Error::invalid("not a request");
  auto via = core_->viaFor(target, core_->newBranch());
  if (!via) return via.error();
  request.pushVia(*via);
  if (!request.header(HeaderId::MaxForwards)) request.addHeader("Max-Forwards", "70");
  core_->transport.send(request, target);
  return hk::ok();
}

void TransactionLayer::sendResponse(const Message& response, const Source& source) {
  core_->transport.sendResponse(response, source);
}

size_t TransactionLayer::count() const { return core_->clients.size() + core_->servers.size(); }

TransactionStats TransactionLayer::stats() const {
  TransactionStats s = core_->stats;
  s.live_client = core_->clients.size();
  s.live_server = core_->servers.size();
  s.live = s.live_client + s.live_server;
  return s;
}

const TimerConfig& TransactionLayer::timers() const { return core_->timers; }
Transport& TransactionLayer::transport() { return core_->transport; }
ServerTransaction TransactionLayer::server(uint64_t id) const { return core_->serverHandle(id); }
ClientTransaction TransactionLayer::client(uint64_t id) const { return core_->clientHandle(id); }

// ---- handles

namespace {

ServerTxn* findTxn(const std::weak_ptr<TxnCore>& weak, uint64_t id, const ServerTxn*) {
  auto core = weak.lock();
  if (!core) return nullptr;
  auto it = core->servers.find(id);
  return it == core->servers.end() ? nullptr : it->second.get();
}

ClientTxn* findTxn(const std::weak_ptr<TxnCore>& weak, uint64_t id, const ClientTxn*) {
  auto core = weak.lock();
  if (!core) return nullptr;
  auto it = core->clients.find(id);
  return it == core->clients.end() ? nullptr : it->second.get();
}

constexpr const ServerTxn* kServer = nullptr;
constexpr const ClientTxn* kClient = nullptr;

}  // namespace

bool ServerTransaction::alive() const { return findTxn(core_, id_, kServer) != nullptr; }

bool ServerTransaction::isInvite() const {
  const ServerTxn* t = findTxn(core_, id_, kServer);
  return t != nullptr && t->invite;
}

const Message* ServerTransaction::request() const {
  const ServerTxn* t = findTxn(core_, id_, kServer);
  return t ? &t->request : nullptr;
}

std::optional<Source> ServerTransaction::source() const {
  const ServerTxn* t = findTxn(core_, id_, kServer);
  if (t == nullptr) return std::nullopt;
  return t->source;
}

int ServerTransaction::lastStatus() const {
  const ServerTxn* t = findTxn(core_, id_, kServer);
  return t ? t->last_status : 0;
}

std::string ServerTransaction::toTag() const {
  const ServerTxn* t = findTxn(core_, id_, kServer);
  return t ? t->to_tag : std::string();
}

hk::Status ServerTransaction::respond(const Message& response) {
  auto core = core_.lock();
  if (!core) return hk::Error::notFound("transaction layer gone");
  return core->respond(id_, response);
}

hk::Status ServerTransaction::respond(int status, std::string_view reason,
                                      std::string_view to_tag) {
  const Message* req = request();
  if (req == nullptr) return hk::Error::notFound("server transaction gone");
  return respond(makeResponse(*req, status, reason, to_tag));
}

bool ClientTransaction::alive() const { return findTxn(core_, id_, kClient) != nullptr; }

const Message* ClientTransaction::request() const {
  const ClientTxn* t = findTxn(core_, id_, kClient);
  return t ? &t->request : nullptr;
}

std::string ClientTransaction::branch() const {
  const ClientTxn* t = findTxn(core_, id_, kClient);
  return t ? t->branch : std::string();
}

hk::Status ClientTransaction::cancel(std::string_view reason) {
  auto core = core_.lock();
  if (!core) return hk::Error::notFound("transaction layer gone");
  return core->cancelClient(id_, reason);
}

}  // namespace hk::sip
