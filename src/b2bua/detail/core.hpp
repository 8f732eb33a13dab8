#pragma once
// Internal to b2bua: the state the calls' loop owns, shared by b2bua.cpp (dispatch),
// admission.cpp, call.cpp (the caller's leg and the end of a call), leg.cpp (forwarding
// attempts), dialog.cpp (building in-dialog requests), sdp_bridge.cpp and call_log_feed.cpp.
// SIP goes through sip::Endpoint (transport + RFC 3261 transactions); Core is its
// TransactionUser.
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "b2bua/b2bua.hpp"
#include "b2bua/call.hpp"
#include "b2bua/dialed_number.hpp"
#include "base/log.hpp"
#include "sip/endpoint.hpp"

namespace hk::b2bua {

struct B2bua::Core final : sip::TransactionUser {
  B2buaDeps deps;
  B2buaOptions opts;
  std::unique_ptr<sip::Endpoint> endpoint;
  uint16_t udp_port = 0;
  uint16_t tcp_port = 0;
  std::string adv_ip;  // advertised address
  std::string media_ip;
  std::shared_ptr<spdlog::logger> lg = log::get("b2bua");

  std::shared_ptr<const Directory> directory;
  TimerId refresh_timer = 0;
  bool stopping = false;

  uint64_t next_call_id = 1;
  std::map<uint64_t, std::unique_ptr<Call>> calls;
  std::map<std::string, uint64_t> by_call_id;  // A- and B-leg Call-IDs -> call
  std::map<int64_t, int> lines;                // tracking number id -> live calls
  std::vector<MonoTime> recent;                // arrivals in the last second (calls/s)

  // Client transactions sent and not finished yet (the transaction count of
  // /debug/counters, with the callers' INVITEs not answered or not ACKed yet).
  std::set<uint64_t> pending;
  std::vector<std::unique_ptr<Call>> dead;
  // Call-IDs of calls that just ended: a late BYE (after the layer's timer J) still gets 200.
  std::map<std::string, TimerId> tombstones;  // ended calls, freed on the next loop turn

  std::atomic<int64_t> n_calls{0}, n_tx{0}, n_dialogs{0};
  metrics::Counter* forbidden = nullptr;
  metrics::Counter* overload = nullptr;
  metrics::Counter* calls_total = nullptr;
  metrics::Counter* rtp_in_a = nullptr;
  metrics::Counter* rtp_in_b = nullptr;
  metrics::Gauge* g_calls = nullptr;
  metrics::Gauge* g_dialogs = nullptr;
  metrics::Gauge* g_ports = nullptr;

  Core(B2buaDeps d, B2buaOptions o) : deps(std::move(d)), opts(std::move(o)) {}

  // b2bua.cpp: the TransactionUser side and helpers
  void onRequest(sip::ServerTransaction& txn, const sip::Message& m) override;
  void onAck(const sip::Message& ack, const sip::Source& source) override;
  void onStrayResponse(const sip::Message& response, const sip::Source& source) override;
  void onCancel(sip::ServerTransaction& invite, const sip::Message& cancel) override;
  void refreshDirectory();
  void publish();  // counters -> gauges
  Call* find(uint64_t id);
  Call* findByCallId(std::string_view call_id);
  void respond(sip::ServerTransaction& txn, int code, std::string_view to_tag = {});
  // A new client transaction; `cb` sees every response and a failure (timer B/F, transport).
  sip::ClientTransaction request(const sip::Message& m, const Peer& to,
                                 sip::ClientCallbacks cb = {});
  void sendAck(const sip::Message& ack, const Peer& to);  // the ACK of a 2xx
  std::string contact(sip::TransportKind p) const;

  // admission.cpp
  void onInvite(sip::ServerTransaction& txn, const sip::Message& invite, const sip::Source& from);

  // call.cpp
  void startCall(std::unique_ptr<Call> call);
  void answerCaller(Call& c);            // 200 with SDP to the caller (bridge)
  void rejectCaller(Call& c, int code);  // final error to the caller, then the end
  void onCallerAck(Call& c);
  void onCallerCancel(Call& c);
  void onBye(Call& c, bool from_caller, sip::ServerTransaction& txn);
  void onReinvite(Call& c, bool from_caller, sip::ServerTransaction& txn, const sip::Message& inv);
  void onReinviteResponse(Call& c, bool caller_leg, const sip::Message& r, bool apply);
  void systemHangup(uint64_t id, calllog::SystemReason why);
  void endCall(Call& c);  // log, free media, forget
  void tombstone(const std::string& call_id);
  void sendByeToCaller(Call& c);

  // leg.cpp
  void startAttempt(Call& c, const std::string& destination, std::chrono::seconds ring);
  void onAttemptResponse(Call& c, const sip::Message& r);
  void cancelAttempt(Call& c, bool ring_timeout);
  void attemptFailed(Call& c, int code, std::string reason, bool trunk_failed);
  void sendByeToCallee(Call& c);
  // A 2xx to an INVITE we no longer want (it crossed our CANCEL): ACK, then BYE.
  void ackAndBye(const sip::Message& r, const Peer& to);

  // sdp_bridge.cpp
  Status openMedia(Call& c);  // the caller's offer -> media session + callee offer
  bool takeCalleeAnswer(Call& c, std::string_view body, bool final);
  void applyPlan(Call& c, bool connected);  // negotiated plan -> media legs
  void closeMedia(Call& c);
  void onMediaEvent(uint64_t id, const rtp::MediaEvent& ev);

  // call_log_feed.cpp
  void logStarted(Call& c);
  void logFinished(Call& c);
  void logRejected(const sip::Message& invite, const std::string& dialled,
                   const std::optional<NumberMatch>& match, calllog::CallFacts facts);
};

}  // namespace hk::b2bua
