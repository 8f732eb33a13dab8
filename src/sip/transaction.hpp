#pragma once
// SIP transactions of RFC 3261 §17 (with the accepted states of RFC 6026) over a
// Transport, on one hk::EventLoop: INVITE and non-INVITE, client and server; timers A-K,
// L and M; retransmission and absorption; ACK for non-2xx; CANCEL. Everything runs on the
// loop thread, without locks.
//
// Handles (ServerTransaction, ClientTransaction) are small values that the TU may keep
// across events: they hold an id and a weak reference, so using one after its transaction
// (or the whole layer) is gone fails with Code::NotFound instead of crashing.
//
// INVITE server transactions send 100 Trying at once unless TimerConfig::trying_delay is
// set, in which case it is sent only when the TU has not answered within that delay.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/executor.hpp"
#include "base/metrics.hpp"
#include "base/result.hpp"
#include "sip/message.hpp"
#include "sip/timers.hpp"
#include "sip/transport.hpp"

namespace hk::sip {

struct TxnCore;

class ServerTransaction {
 public:
  ServerTransaction() = default;
  uint64_t id() const { return id_; }
  bool alive() const;
  bool isInvite() const;
  // The request that created the transaction (received/rport stamped); nullptr when gone.
  const Message* request() const;
  std::optional<Source> source() const;
  // Status of the last response sent (0: none yet; 100 counts).
  int lastStatus() const;
  // The To tag of the responses sent so far ("" before the first tagged one).
  std::string toTag() const;

  // Sends a response built by the TU. Fails with Code::NotFound when the transaction is
  // gone, Code::Conflict when a final response was already sent (except more 2xx to an
  // INVITE in the accepted state, which pass through), Code::Invalid for a bad status.
  hk::Status respond(const Message& response);
  // makeResponse(request, status, reason, to_tag) then respond().
  hk::Status respond(int status, std::string_view reason = {}, std::string_view to_tag = {});

 private:
  friend struct TxnCore;
  ServerTransaction(std::weak_ptr<TxnCore> core, uint64_t id) : core_(std::move(core)), id_(id) {}
  std::weak_ptr<TxnCore> core_;
  uint64_t id_ = 0;
};

class ClientTransaction {
 public:
  ClientTransaction() = default;
  uint64_t id() const { return id_; }
  bool alive() const;
  // The request as sent (with the layer's Via); nullptr when gone.
  const Message* request() const;
  std::string branch() const;
  // INVITE only (RFC 3261 §9.1): sends CANCEL now if a provisional response has arrived,
  // else as soon as one does. `reason` (optional) becomes a Reason header. Fails with
  // Code::Conflict after a final response, Code::Invalid for a non-INVITE, NotFound when
  // gone. Calling it twice is harmless.
  hk::Status cancel(std::string_view reason = {});

 private:
  friend struct TxnCore;
  ClientTransaction(std::weak_ptr<TxnCore> core, uint64_t id) : core_(std::move(core)), id_(id) {}
  std::weak_ptr<TxnCore> core_;
  uint64_t id_ = 0;
};

struct ClientCallbacks {
  // Every response: provisional, final, and for an INVITE the 2xx retransmissions and
  // forked 2xx that arrive within timer M (the TU ACKs each 2xx itself).
  std::function<void(const Message& response)> on_response;
  // Called at most once, and nothing follows it: Code::Timeout with "timer B" / "timer F",
  // or Code::Unavailable "transport error: ...".
  std::function<void(const hk::Error& error)> on_failure;
};

// What the B2BUA implements. Callbacks run on the loop thread; they may call back into
// the layer (respond, send, cancel).
class TransactionUser {
 public:
  virtual ~TransactionUser() = default;
  // A new request (never ACK or CANCEL). The TU keeps `txn` (a copy) to answer it.
  virtual void onRequest(ServerTransaction& txn, const Message& request) = 0;
  // An ACK that matches no transaction: the ACK of a 2xx (RFC 3261 §13.3.1.4).
  virtual void onAck(const Message& ack, const Source& source) = 0;
  // A response that matches no client transaction (e.g. a 2xx retransmission or fork
  // after timer M).
  virtual void onStrayResponse(const Message& response, const Source& source) = 0;
  // The caller cancelled an INVITE that had no final response: the layer has answered
  // 200 to the CANCEL and 487 to the INVITE.
  virtual void onCancel(ServerTransaction& invite, const Message& cancel) {
    (void)invite;
    (void)cancel;
  }
  // A server transaction ended badly: Code::Timeout "timer H" (no ACK for a non-2xx
  // final response) or Code::Unavailable "transport error: ...".
  virtual void onServerFailure(ServerTransaction& txn, const hk::Error& error) {
    (void)txn;
    (void)error;
  }
};

struct TransactionStats {
  size_t live = 0;  // client + server transactions now
  size_t live_client = 0;
  size_t live_server = 0;
  uint64_t retransmissions = 0;  // requests and responses sent again on a timer
  uint64_t absorbed = 0;         // retransmitted requests and responses absorbed
  uint64_t timeouts = 0;         // timers B, F and H
  uint64_t transport_errors = 0;
  uint64_t stray_acks = 0;
  uint64_t stray_responses = 0;
};

class TransactionLayer {
 public:
  // Takes over transport's message handler. The loop, transport and TU must outlive the
  // layer. `metrics`: where hankyo_sip_transactions goes (nullptr: nowhere).
  TransactionLayer(EventLoop& loop, Transport& transport, TransactionUser& tu,
                   TimerConfig timers = {}, metrics::Registry* metrics = nullptr);
  ~TransactionLayer();
  TransactionLayer(const TransactionLayer&) = delete;
  TransactionLayer& operator=(const TransactionLayer&) = delete;

  // Sends `request` (not ACK or CANCEL) as a new client transaction: a Via with a fresh
  // branch, the sent-by of the listener for `target` and rport goes on top; Max-Forwards
  // 70 is added when absent. Fails (Code::Invalid) without CSeq matching the method, or
  // (Code::Unavailable) without a listener for the target's transport.
  hk::Result<ClientTransaction> sendRequest(Message request, const Target& target,
                                            ClientCallbacks callbacks);
  // A request sent once without a transaction (the ACK of a 2xx): same Via treatment.
  hk::Status sendStateless(Message request, const Target& target);
  // A response sent without a transaction (2xx retransmissions of the TU), routed by
  // RFC 3261 §18.2.2.
  void sendResponse(const Message& response, const Source& source);

  size_t count() const;
  TransactionStats stats() const;
  const TimerConfig& timers() const;
  Transport& transport();
  // A handle by id (a dead one if the id is unknown).
  ServerTransaction server(uint64_t id) const;
  ClientTransaction client(uint64_t id) const;

 private:
  std::shared_ptr<TxnCore> core_;
};

}  // namespace hk::sip
