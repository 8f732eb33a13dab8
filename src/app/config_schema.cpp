#include "app/config_schema.hpp"

namespace hk::app {

using T = ConfigKey::Type;

const std::vector<ConfigKey>& configSchema() {
  static const std::vector<ConfigKey> schema = {
      // [http] the REST API, the web UI and /metrics
      {"http.listen", T::String, "127.0.0.1:8080", "address:port of the API (port 0: any free)"},
      {"http.threads", T::Int, "2", "HTTP worker threads", 1, 64},
      {"http.max_body_bytes", T::Int, "1048576", "largest request body accepted", 1024, 1073741824},
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
  };
  return schema;
}

}  // namespace hk::app
