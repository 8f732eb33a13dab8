#pragma once
// Internal to b2bua: the state the calls' loop owns, shared by b2bua.cpp (dispatch),
// admission.cpp, call.cpp (the caller's leg and the end of a call), leg.cpp (forwarding
// attempts), dialog.cpp (building in-dialog requests), sdp_bridge.cpp and call_log_feed.cpp.
// SIP goes through sip::Endpoint (transport + RFC 3261 transactions); Core is its
// TransactionUser.
#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "b2bua/b2bua.hpp"
#include "b2bua/block_list.hpp"
#include "b2bua/call.hpp"
#include "b2bua/dialed_number.hpp"
#include "b2bua/line_queue.hpp"
#include "b2bua/trunk_io.hpp"
#include "b2bua/trunk_monitor.hpp"
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
  std::map<int64_t, int> advertiser_lines;     // advertiser id -> live calls
  // Outbound trunks: OPTIONS, REGISTER, DNS (outbound.cpp); each attempt's trunks.
  std::unique_ptr<TrunkIo> trunk_io;
  std::unique_ptr<TrunkMonitor> trunk_monitor;
  std::map<uint64_t, TrunkRoute> routes;  // call id -> the trunks of its current attempt
  std::vector<MonoTime> recent;           // arrivals in the last second (calls/s)

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
  metrics::Counter* rel_sent = nullptr;    // reliable provisionals sent to callers
  metrics::Counter* rel_resent = nullptr;  // ... and resent, waiting for the PRACK
  metrics::Counter* prack_timeouts = nullptr;
  metrics::Counter* pracks_sent = nullptr;    // our PRACKs to callees
  metrics::Counter* glare_refused = nullptr;  // re-INVITEs we answered 491
  metrics::Counter* glare_retried = nullptr;  // our re-INVITEs answered 491, retried

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
  // request() without the digest answer to a trunk's 401/407 (auth_retry.cpp adds it).
  sip::ClientTransaction sendTracked(const sip::Message& m, const Peer& to,
                                     sip::ClientCallbacks cb);
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
  void startAttempt(Call& c, const std::string& destination, const ForwardOptions& options);
  // The attempt's INVITE through trunk `t` (a new Call-ID; `retry`: after another trunk).
  void sendInvite(Call& c, Attempt a, const Trunk& t, std::chrono::seconds ring, bool retry);
  void onAttemptResponse(Call& c, const sip::Message& r);
  void cancelAttempt(Call& c, bool ring_timeout);
  void attemptFailed(Call& c, int code, std::string reason, bool trunk_failed);
  void sendByeToCallee(Call& c);
  // A 2xx to an INVITE we no longer want (it crossed our CANCEL): ACK, then BYE.
  void ackAndBye(const sip::Message& r, const Peer& to);
  // callee_screen.cpp: between the callee's 2xx and the conversation
  void calleeAnswered(Call& c);        // ACKed: whisper / accept key, else connectCaller
  void calleeHungUpInScreen(Call& c);  // the callee's BYE before it took the call
  bool screening(const Call& c) const;
  void endScreen(Call& c);  // listener, timer and leg sources off (no event)
  // The callee did not take the call: (BYE), the attempt fails as NoAnswer with `why`.
  void refuseCallee(Call& c, const std::string& why, bool send_bye);
  // The caller answered and joined: the consent guidance (CallInfo::consent) to both
  // parties when the call records, then onConnected.
  void startConversation(Call& c);

  // sdp_bridge.cpp
  Status openMedia(Call& c);  // the caller's offer -> media session + callee offer
  bool takeCalleeAnswer(Call& c, std::string_view body, bool final);
  void applyPlan(Call& c, bool connected);  // negotiated plan -> media legs
  void silenceCallerLeg(Call& c);  // the caller has gone: nothing sent to it, no media timeout
  void closeMedia(Call& c);
  void onMediaEvent(uint64_t id, const rtp::MediaEvent& ev);

  // reliable_caller.cpp: 100rel on the caller's leg (RFC 3262 §3)
  void initCallerReliable(Call& c);                       // the caller's INVITE supports 100rel
  void sendProvisionalToCaller(Call& c, sip::Message r);  // reliably when the caller can
  void onPrack(Call* c, sip::ServerTransaction& txn, const sip::Message& prack);
  void connectCaller(Call& c);  // answerCaller + onConnected, once the PRACKs are in
  void endExtensions(Call& c);  // the call ends: timers off, a final answer to the caller
  // early_dialogs.cpp: the callee's early dialogs (forking) and our PRACKs (RFC 3262 §4)
  bool trackEarlyDialog(Call& c, const sip::Message& r);   // false: discard (PRACKed already)
  void confirmDialog(Call& c, const sip::Message& ok);     // the first 2xx: its dialog wins
  void onLaterCallee2xx(Call& c, const sip::Message& ok);  // re-ACK, or ACK + BYE (a fork)
  // glare.cpp: re-INVITEs through the bridge (RFC 3261 §14.1)
  bool reinviteBusy(Call& c);  // ours is pending on a leg: a new one gets 491
  void sendReinvite(Call& c, bool caller_leg, const std::string& sdp);

  // outbound.cpp, trunk_route.cpp: outbound trunks and failover between them
  void startTrunks();
  void stopTrunks(std::function<void()> done);  // un-REGISTER, then `done`
  // The first trunk of a new attempt (nullptr: none usable, `why` says so).
  const Trunk* beginRoute(Call& c, std::chrono::seconds ring, std::string& why);
  void trunkHeard(uint64_t call);  // the attempt's trunk answered something
  // The current trunk failed (`why`): the INVITE goes to the next one; false when none.
  bool tryNextTrunk(Call& c, const std::string& why);
  // Where the call's INVITE through `t` goes: the route's current candidate (trunk_route.cpp).
  sip::Target routeTarget(const Call& c, const Trunk& t) const;
  // The attempt is over: its reason with the trunks that failed.
  std::string finishRoute(Call& c, std::string reason);
  // auth_retry.cpp: 401/407 from an outbound trunk answered with its credentials
  struct AuthChain;
  sip::ClientCallbacks withAuthRetry(const sip::Message& m, const Peer& to,
                                     sip::ClientCallbacks cb);
  sip::ClientCallbacks authCallbacks(std::shared_ptr<AuthChain> chain);
  bool retryWithAuth(const std::shared_ptr<AuthChain>& chain, const sip::Message& challenge);
  void copyCredentials(const sip::ClientTransaction& from, sip::Message& to);  // ACK of a 2xx
  // line_limits.cpp: live calls per number and per advertiser against their max_lines
  void takeLines(Call& c);
  bool linesFull(Call& c);
  void releaseLines(Call& c);
  // line_queue.cpp: calls waiting for a line (CallControl::waitForLine), in arrival order
  LineQueue line_queue;
  bool lineFree(const Call& c) const;  // a line of its number and advertiser is free for it
  Status enqueueForLine(Call& c, size_t max_callers);
  // A line freed on `number` / `advertiser`: the waiting calls it fits get it (not `skip`).
  void lineFreed(int64_t number, int64_t advertiser, uint64_t skip = 0);
  // post_call.cpp: the caller hung up a connected call with a judgement armed: the callee
  // stays for it (true), or nothing to do (false).
  bool startPostCall(Call& c);
  void finishPostCall(Call& c, char key);  // 0: no key

  // media_control.cpp, recording.cpp, answer.cpp, voicemail.cpp: the media of a call
  metrics::Counter* rec_write_errors = nullptr;
  void onMediaHook(Call& c, const rtp::MediaEvent& ev);  // SourceDone, Digit
  void onCallerDigit(Call& c, char digit, bool from_listener);
  PlayId startPlay(Call& c, const PlaySpec& spec, std::function<void(PlayEnd)> internal = {});
  void endPlay(Call& c, PlayId id, PlayEnd why);
  void finishDigits(Call& c, DigitsEnd why);
  void setListening(Call& c);  // the in-band DTMF listener on while collecting or voicemail
  void calleeProgress(Call& c, bool early_media);  // ringback for an answered caller
  void calleeConnected(Call& c);                   // ringback off
  // Our SDP answer to the caller without a callee; `answered`: media timeout on leg A.
  Status localAnswer(Call& c, bool answered);
  void watchFax(Call& c);
  Status beginRecording(Call& c, RecordWhat what);
  void finishRecording(Call& c);
  void voicemailStep(Call& c);
  void voicemailDigit(Call& c, char digit);
  void finishVoicemail(Call& c, VoicemailEnd why);
  void endMedia(Call& c);  // the call ends: plays end (Hangup), files closed into the log

  // block_check.cpp: the block lists in memory (swapped in by refreshDirectory)
  std::shared_ptr<const BlockSnapshot> blocks;
  metrics::Counter* blocked_total = nullptr;
  std::shared_ptr<const BlockSnapshot> loadBlockLists();  // on deps.blocking; null: keep
  // After the number lookup: a caller on a list gets the blocked handler (c.handler) and
  // facts.blocked; false when not listed.
  bool blockIfListed(Call& c);

  // call_log_feed.cpp
  void logStarted(Call& c);
  void logFinished(Call& c);
  void logRejected(const sip::Message& invite, const std::string& dialled,
                   const std::optional<NumberMatch>& match, calllog::CallFacts facts);
};

}  // namespace hk::b2bua
