#pragma once
// The B2BUA: owns every call on one EventLoop (legs, dialogs, transactions, timers), admits
// inbound INVITEs (trunk ACL -> overload -> number lookup -> lines -> handler), forwards them
// over the outbound trunk with the media anchored in rtp::MediaEngine, and writes the call
// log (started when a call arrives, finished when it ends). Thread-safe surface: start()
// and stop() from the owner, counters() from anywhere.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "b2bua/attribution_hook.hpp"
#include "b2bua/call_control.hpp"
#include "b2bua/trunks.hpp"
#include "base/clock.hpp"
#include "base/executor.hpp"
#include "base/metrics.hpp"
#include "base/result.hpp"
#include "sip/timers.hpp"
#include "sip/transport_resolver.hpp"
#include "store/flow_rows.hpp"

namespace hk::calllog {
class Writer;
}
namespace hk::rtp {
class MediaEngine;
class PortPool;
}  // namespace hk::rtp
namespace hk::secure {
class CallerCipher;
}
namespace hk::media {
class PromptStore;
class TtsCache;
}  // namespace hk::media

namespace hk::b2bua {

struct B2buaOptions {
  std::string udp_listen = "127.0.0.1:5060";
  std::string tcp_listen;   // empty: no TCP
  std::string advertised;   // address put in Via/Contact/SDP; empty: the listen address
  std::string media_ip;     // where RTP ports are bound; empty: the listen address
  sip::TimerConfig timers;  // trying_delay 0 becomes 200 ms (a new call gets 100 at once)
  size_t max_calls = 1000;  // concurrent; more get 503
  size_t max_cps = 50;      // new calls per second; more get 503
  int retry_after_sec = 5;
  std::chrono::seconds max_call_length{4 * 3600};
  std::chrono::milliseconds media_timeout{60'000};  // 0: not watched
  std::chrono::milliseconds directory_refresh{1000};
  // Media in the call (media_control.cpp): where recordings and voicemail go (empty: not
  // available), what every call records from the connect (media.recording), fax tones.
  std::string recordings_dir;
  std::string voicemail_dir;
  std::optional<RecordSpec> recording;
  // media.recording_format = opus: a finished recording is encoded to <trn_id>.opus on
  // media_work (B2buaDeps) and the WAV removed; the call log names the .opus.
  bool recording_opus = false;
  bool fax_detect = true;
  // Each leg is watched for fax tones during its first fax_detect_window of media, then the
  // watch is taken off it (0: the whole call).
  std::chrono::milliseconds fax_detect_window{30'000};
  std::chrono::seconds max_voicemail{600};
  // Call blocking (block_check.cpp): what a blocked caller hears on early media (empty:
  // nothing), then the final response.
  std::string blocked_text = "この電話番号は現在使われておりません。";
  int blocked_code = 404;
  // Outbound trunks' name lookups (RFC 3263, outbound.cpp): dns.dns.servers (sip.dns_servers;
  // empty: /etc/resolv.conf), dns.locator.ttl_cap / negative_ttl, the SRV weight draw.
  sip::ResolverConfig dns;
};

// Live counts, for GET /debug/counters and /metrics: all zero when no call is up.
struct Counters {
  int64_t calls = 0;
  int64_t transactions = 0;
  int64_t dialogs = 0;
  int64_t rtp_ports = 0;  // pairs in use in the PortPool
};

struct B2buaDeps {
  EventLoop& loop;  // the calls' loop (started by the owner)
  const Clock& clock;
  Trunks trunks;
  rtp::MediaEngine& media;
  rtp::PortPool& ports;
  calllog::Writer& writer;
  const secure::CallerCipher& cipher;
  metrics::Registry& metrics;
  // Loads the routable numbers; runs on `blocking` (database), never on the loop.
  std::function<Result<std::vector<domain::TrackingNumber>>()> load_numbers;
  Executor& blocking;
  HandlerFactory handlers;  // empty: makeForwardHandler
  // Prompts and TTS for CallControl::play; both optional (a play then fails). The blocking
  // work (files, synthesis) runs on `media_work`; without it a play of a prompt/text fails.
  media::PromptStore* prompts = nullptr;
  media::TtsCache* tts = nullptr;
  Executor* media_work = nullptr;
  // Loads the advertisers' line limits (advertiser id -> max_lines; 0 or absent: unlimited)
  // with the numbers, on `blocking`. Empty: no advertiser limit.
  std::function<Result<std::map<domain::Id, int>>()> load_advertiser_lines;
  // Attributes each call to a web visitor when it arrives (attribution_hook.hpp), on the
  // loop. Empty: calls are not attributed.
  AttributeFn attribute;
  // Loads every block list (operators' and numbers') with the numbers, on `blocking`, into
  // the in-memory snapshot admission checks (block_check.cpp). Empty: no call blocking.
  std::function<Result<std::vector<store::BlockEntry>>()> load_block_lists;
};

class B2bua {
 public:
  static Result<std::unique_ptr<B2bua>> start(B2buaDeps deps, B2buaOptions opts);
  ~B2bua();  // stop()
  B2bua(const B2bua&) = delete;
  B2bua& operator=(const B2bua&) = delete;

  // Ends every call (BYE / 503), closes the sockets. Not from the loop's thread. Idempotent.
  void stop();
  Counters counters() const;
  uint16_t udpPort() const;
  uint16_t tcpPort() const;

  struct Core;

 private:
  explicit B2bua(std::unique_ptr<Core> core);
  std::unique_ptr<Core> core_;
};

}  // namespace hk::b2bua
