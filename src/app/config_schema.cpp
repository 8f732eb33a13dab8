#include "app/config_schema.hpp"

#include "b2bua/trunks.hpp"

namespace hk::app {

using T = ConfigKey::Type;

const std::vector<ConfigKey>& configSchema() {
  static const std::vector<ConfigKey> schema = [] {
    std::vector<ConfigKey> keys = {
        // [http] the REST API, the web UI and /metrics
        {"http.listen", T::String, "127.0.0.1:8080", "address:port of the API (port 0: any free)"},
        {"http.threads", T::Int, "2", "HTTP worker threads", 1, 64},
        {"http.max_body_bytes", T::Int, "1048576", "largest request body accepted", 1024,
         1073741824},
        {"http.max_header_bytes", T::Int, "16384", "largest request header block", 1024, 1048576},
        {"http.idle_timeout_sec", T::Int, "60", "keep-alive idle timeout", 1, 3600},
        {"http.cookie_secure", T::Bool, "false", "mark the session cookie Secure (HTTPS fronted)"},
        {"http.session_ttl_sec", T::Int, "43200", "session lifetime after login", 60, 2592000},
        // [store]
        {"store.url", T::String, "sqlite:var/hankyo.db",
         "sqlite:<path> (embedded) or postgres://... (several nodes)"},
        {"store.synchronous_full", T::Bool, "false",
         "SQLite synchronous=FULL: survive power loss at some write speed"},
        {"store.pool_size", T::Int, "4", "database connections kept open", 1, 64},
        {"store.busy_timeout_ms", T::Int, "5000", "wait for a locked database", 0, 600000},
        // [calllog] the call-log writer
        {"calllog.journal", T::String, "var/calllog.journal",
         "append-only file for records the database could not take"},
        {"calllog.queue_capacity", T::Int, "65536", "records waiting for the writer", 16, 10000000},
        {"calllog.batch_max", T::Int, "512", "records per group commit", 1, 100000},
        {"calllog.batch_wait_ms", T::Int, "5", "wait for more records before a commit", 0, 1000},
        // [crypto]
        {"crypto.key_file",
         T::String,
         "var/hankyo.key",
         "key file (created 0600 on first start; share it between nodes)",
         0,
         0,
         {},
         false},
        // [log]
        {"log.level",
         T::Enum,
         "info",
         "trace, debug, info, warn, error, off",
         0,
         0,
         {"trace", "debug", "info", "warn", "error", "off"}},
        {"log.format", T::Enum, "text", "text (key=value) or json", 0, 0, {"text", "json"}},
        {"log.file", T::String, "", "log file; empty: stderr"},
        // [sip] signalling and media of the B2BUA
        {"sip.udp_listen", T::String, "",
         "ip:port for SIP over UDP (port 0: any free); empty: no SIP"},
        {"sip.tcp_listen", T::String, "", "ip:port for SIP over TCP; empty: no TCP"},
        {"sip.advertised_address", T::String, "",
         "address in Via, Contact and SDP; empty: the UDP listen address"},
        {"sip.media_address", T::String, "",
         "address RTP ports bind to; empty: the UDP listen address"},
        {"sip.t1_ms", T::Int, "500", "RFC 3261 T1 (RTT estimate)", 10, 10000},
        {"sip.t2_ms", T::Int, "4000", "RFC 3261 T2 (retransmit interval cap)", 10, 60000},
        {"sip.t4_ms", T::Int, "5000", "RFC 3261 T4 (message lifetime in the network)", 10, 60000},
        {"sip.max_calls", T::Int, "1000", "concurrent calls; more get 503", 1, 1000000},
        {"sip.max_calls_per_sec", T::Int, "50", "new calls per second; more get 503", 1, 100000},
        {"sip.retry_after_sec", T::Int, "5", "Retry-After of an overload 503", 1, 3600},
        {"sip.max_call_length_sec", T::Int, "14400", "longest call; then the system hangs up", 1,
         604800},
        {"sip.media_timeout_sec", T::Int, "60", "no RTP for this long ends a call; 0: off", 0,
         86400},
        {"sip.rtp_port_min", T::Int, "30000", "first RTP port", 1024, 65535},
        {"sip.rtp_port_max", T::Int, "39999", "last RTP port", 1024, 65535},
        {"sip.media_threads", T::Int, "1", "media relay threads", 1, 64},
        {"sip.media_batch_us", T::Int, "1000",
         "after a wake-up that found packets, a media thread looks again this long later (one "
         "wake-up serves many calls' packets; a packet waits at most this long); 0: at once",
         0, 20000},
        {"sip.dns_servers", T::String, "",
         "DNS servers for trunks' NAPTR/SRV/A lookups: ip[:port],... (IPv4, max 3); empty: "
         "/etc/resolv.conf"},
        {"sip.dns_ttl_cap_sec", T::Int, "300",
         "longest a DNS answer is reused (its TTL when shorter)", 1, 86400},
        {"sip.dns_timeout_sec", T::Int, "2", "DNS timeout per try and server (2 tries)", 1, 30},
        {"sip.directory_refresh_ms", T::Int, "1000", "how often the number directory is reloaded",
         100, 3600000},
        {"flows.refresh_ms", T::Int, "1000",
         "how often flows, attachments and absence switches are reloaded", 100, 3600000},
        // [media] prompts, recordings, voicemail, TTS cache (all below media.dir)
        {"media.dir", T::String, "var/media",
         "prompts/, recordings/, voicemail/ and tts/ live below it"},
        {"media.recording",
         T::Enum,
         "off",
         "record every answered call from the connect: off, stereo, caller, callee",
         0,
         0,
         {"off", "stereo", "caller", "callee"}},
        {"media.recording_format",
         T::Enum,
         "wav",
         "recordings kept as wav, or encoded to Ogg/Opus after the call (opus)",
         0,
         0,
         {"wav", "opus"}},
        {"media.prompt_cache_mb", T::Int, "64", "decoded prompts kept in memory (MB)", 1, 65536},
        {"media.upload_max_mb", T::Int, "20", "largest prompt upload (MB)", 1, 1024},
        {"media.upload_max_seconds", T::Int, "600", "longest prompt upload (seconds)", 1, 7200},
        {"media.tts_cache_dir", T::String, "", "TTS cache folder; empty: <media.dir>/tts"},
        {"media.workers", T::Int, "2", "threads loading prompts and running TTS", 1, 64},
        {"media.fax_detect", T::Bool, "true", "tag calls with a fax tone (CNG/CED) as fax"},
        {"media.fax_detect_sec", T::Int, "30",
         "seconds of each leg's media watched for fax tones; 0: the whole call", 0, 86400},
        {"media.voicemail_max_sec", T::Int, "600", "longest voicemail a flow may ask for", 5, 3600},
        // [tts] text-to-speech engines
        {"tts.open_jtalk", T::String, "/usr/bin/open_jtalk", "the open_jtalk program (Japanese)"},
        {"tts.jtalk_dic", T::String, "/var/lib/mecab/dic/open-jtalk/naist-jdic",
         "open_jtalk's dictionary folder"},
        {"tts.jtalk_voice", T::String,
         "/usr/share/hts-voice/nitech-jp-atr503-m001/nitech_jp_atr503_m001.htsvoice",
         "open_jtalk's HTS voice"},
        {"tts.timeout_ms", T::Int, "30000", "longest open_jtalk run", 100, 600000},
    };
    for (auto& k : b2bua::trunkConfigKeys()) keys.push_back(k);
    return keys;
  }();
  return schema;
}

}  // namespace hk::app
