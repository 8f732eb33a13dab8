#pragma once
// Internal to b2bua: the state the calls' loop owns, shared by b2bua.cpp (dispatch),
// admission.cpp, call.cpp (the caller's leg and the end of a call), leg.cpp (forwarding
// attempts), dialog.cpp (building in-dialog requests), sdp_bridge.cpp and call_log_feed.cpp.
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "b2bua/b2bua.hpp"
#include "b2bua/call.hpp"
#include "b2bua/dialed_number.hpp"
#include "b2bua/transport.hpp"
#include "base/log.hpp"

namespace hk::b2bua {

struct B2bua::Core {
  B2buaDeps deps;
  B2buaOptions opts;
  std::unique_ptr<Transport> transport;
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

  // Client and server transactions in flight, by "call-id|cseq|method".
  struct Tx {
    TimerId timer = 0;
    std::function<void()> on_timeout;
    std::optional<sip::Message> final_response;  // server INVITE: resent on a retransmission
    Peer peer;
    // Over UDP: the message this transaction resends (our BYE/CANCEL, or a final error
    // response until its ACK), T1 doubling up to T2.
    std::optional<sip::Message> resend;
    TimerId resend_timer = 0;
    std::chrono::milliseconds interval{0};
  };
  std::map<std::string, Tx> txs;
  std::vector<std::unique_ptr<Call>> dead;
  // Call-IDs of calls that just ended: a retransmitted BYE or CANCEL still gets its 200.
  std::map<std::string, TimerId> tombstones;  // ended calls, freed on the next loop turn

  std::atomic<int64_t> n_calls{0}, n_tx{0}, n_dialogs{0};
  metrics::Counter* forbidden = nullptr;
  metrics::Counter* overload = nullptr;
  metrics::Counter* calls_total = nullptr;
  metrics::Counter* rtp_in_a = nullptr;
  metrics::Counter* rtp_in_b = nullptr;
  metrics::Gauge* g_calls = nullptr;
  metrics::Gauge* g_tx = nullptr;
  metrics::Gauge* g_dialogs = nullptr;
  metrics::Gauge* g_ports = nullptr;

  Core(B2buaDeps d, B2buaOptions o) : deps(std::move(d)), opts(std::move(o)) {}

  // b2bua.cpp
  void onMessage(sip::Message m, const Peer& from);
  void onRequest(const sip::Message& m, const Peer& from);
  void onResponse(const sip::Message& m, const Peer& from);
  void refreshDirectory();
  void publish();  // counters -> gauges
  Call* find(uint64_t id);
  Call* findByCallId(std::string_view call_id);
  void send(const sip::Message& m, const Peer& to) { transport->send(m, to); }
  void respond(const sip::Message& req, const Peer& to, int code, std::string_view to_tag = {});
  void txBegin(const std::string& key, std::chrono::milliseconds timeout,
               std::function<void()> on_timeout = {});
  void txEnd(const std::string& key);
  // A final response to an INVITE that has no call (any more): kept until the ACK (or
  // Timer H) so that a retransmitted INVITE gets it again instead of a second call.
  // Sends a request outside the INVITE transactions (BYE, CANCEL) as a client transaction:
  // retransmitted over UDP until a final response or Timer F.
  void sendRequest(const std::string& key, const sip::Message& m, const Peer& to);
  void resendLoop(const std::string& key, bool first);
  void finalSent(const std::string& key, const sip::Message& response, const Peer& to);
  void rejectStateless(const sip::Message& invite, const Peer& from, sip::Message response);
  std::string via(Proto p, const std::string& branch = {}) const;
  std::string contact(Proto p) const;
  Peer peerOf(const sip::Message& req, const Peer& from) const;  // where responses go

  // admission.cpp
  void onInvite(const sip::Message& invite, const Peer& from);

  // call.cpp
  void startCall(std::unique_ptr<Call> call);
  void answerCaller(Call& c);            // 200 with SDP to the caller (bridge)
  void rejectCaller(Call& c, int code);  // final error to the caller, then the end
  void retransmit2xx(uint64_t id);
  void onCallerAck(Call& c, const sip::Message& ack);
  void onCallerCancel(Call& c, const sip::Message& cancel, const Peer& from);
  void onBye(Call& c, bool from_caller, const sip::Message& bye, const Peer& from);
  void onReinvite(Call& c, bool from_caller, const sip::Message& inv, const Peer& from);
  void onReinviteResponse(Call& c, bool caller_leg, const sip::Message& r);
  void systemHangup(uint64_t id, calllog::SystemReason why);
  void endCall(Call& c);  // log, free media, forget
  void tombstone(const std::string& call_id);
  void sendByeToCaller(Call& c);

  // leg.cpp
  void startAttempt(Call& c, const std::string& destination, std::chrono::seconds ring);
  void retransmitInvite(uint64_t id);
  void onAttemptResponse(Call& c, const sip::Message& r, const Peer& from);
  void cancelAttempt(Call& c, bool ring_timeout);
  void attemptFailed(Call& c, int code, std::string reason, bool trunk_failed);
  void sendByeToCallee(Call& c);
  void ackStateless(const sip::Message& r, const Peer& to, bool and_bye);

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
