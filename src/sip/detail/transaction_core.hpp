#pragma once
// Inside of sip::TransactionLayer (included by src/sip/transaction*.cpp only).
#include <string>
#include <unordered_map>

#include "sip/transaction.hpp"

namespace hk::sip {

enum class TxnState : uint8_t {
  Calling,  // INVITE client before any response; non-INVITE client/server: Trying
  Proceeding,
  Completed,
  Confirmed,  // INVITE server after the ACK
  Accepted,   // RFC 6026: INVITE after a 2xx
  Terminated,
};

struct ClientTxn {
  uint64_t id = 0;
  bool invite = false;
  bool reliable = false;
  TxnState state = TxnState::Calling;
  Message request;
  std::string bytes;  // the request as sent, for retransmissions
  Target target;
  std::string key;
  std::string branch;
  ClientCallbacks cb;
  TimerId retx_timer = 0;     // A or E
  TimerId timeout_timer = 0;  // B, F, D, K or M
  std::chrono::milliseconds interval{0};
  std::string ack_bytes;  // ACK of a non-2xx final response
  bool cancel_wanted = false;
  bool cancel_sent = false;
  std::string cancel_reason;
};

struct ServerTxn {
  uint64_t id = 0;
  bool invite = false;
  bool reliable = false;
  TxnState state = TxnState::Calling;
  Message request;
  Source source;
  std::string key;
  Message last_response;  // replayed on request retransmissions (when last_status != 0)
  int last_status = 0;
  std::string to_tag;
  TimerId retx_timer = 0;     // G, or the 100 Trying delay
  TimerId timeout_timer = 0;  // H, I, J or L
  std::chrono::milliseconds interval{0};
};

struct TxnCore : std::enable_shared_from_this<TxnCore> {
  TxnCore(EventLoop& l, Transport& t, TransactionUser& u, TimerConfig c, metrics::Registry* m);

  // ---- transaction_layer.cpp
  void onMessage(Message&& msg, const Source& src);
  std::string newBranch();
  std::string newTag();
  hk::Result<std::string> viaFor(const Target& target, const std::string& branch) const;
  void cancelTimers(TimerId& a, TimerId& b);
  void updateGauge();
  ServerTransaction serverHandle(uint64_t id) { return {weak_from_this(), id}; }
  ClientTransaction clientHandle(uint64_t id) { return {weak_from_this(), id}; }
  template <class F>
  TimerId after(std::chrono::milliseconds d, F fn) {
    std::weak_ptr<TxnCore> weak = weak_from_this();
    return loop.runAfter(d, [weak, fn = std::move(fn)]() mutable {
      if (auto core = weak.lock()) fn(*core);
    });
  }

  // ---- transaction_client.cpp
  hk::Result<ClientTransaction> startClient(Message request, const Target& target,
                                            ClientCallbacks cb, bool push_via);
  void clientResponse(ClientTxn& t, const Message& resp);
  void clientRetransmit(uint64_t id);
  void clientTimeout(uint64_t id);
  void clientFailure(uint64_t id, const hk::Error& error);
  void sendCancel(ClientTxn& t);
  void sendAckFor(ClientTxn& t, const Message& resp);
  void endClient(uint64_t id);
  hk::Status cancelClient(uint64_t id, std::string_view reason);

  // ---- transaction_server.cpp
  std::string serverKey(const Message& req, const Via& top) const;
  void serverRequest(Message&& req, const Source& src, const Via& top);
  void serverAck(const Message& ack, const Source& src, ServerTxn* t);
  void serverCancel(Message&& cancel, const Source& src, const Via& top, const std::string& key);
  ServerTxn& newServer(Message&& req, const Source& src, std::string key);
  hk::Status respond(uint64_t id, const Message& resp);
  void serverRetransmitResponse(uint64_t id);
  void serverTimeout(uint64_t id, bool failure);
  void serverFailure(uint64_t id, const hk::Error& error);
  void endServer(uint64_t id);
  void sendTrying(uint64_t id);

  EventLoop& loop;
  Transport& transport;
  TransactionUser& tu;
  TimerConfig timers;
  metrics::Gauge* gauge = nullptr;
  int64_t gauge_reported = 0;

  std::unordered_map<uint64_t, std::unique_ptr<ClientTxn>> clients;
  std::unordered_map<uint64_t, std::unique_ptr<ServerTxn>> servers;
  std::unordered_map<std::string, uint64_t> client_index;
  std::unordered_map<std::string, uint64_t> server_index;
  uint64_t next_id = 1;
  std::string branch_prefix;
  uint64_t branch_counter = 0;
  TransactionStats stats;
};

}  // namespace hk::sip
