#pragma once
// The call-log writer's metrics (names listed in calllog/writer.hpp).
#include "base/metrics.hpp"

namespace hk::calllog::detail {

struct WriterMetrics {
  explicit WriterMetrics(metrics::Registry& m)
      : queue_depth(
            m.gauge("hankyo_call_log_queue_depth", "Call-log records waiting to be written")),
        written(m.counter("hankyo_call_log_written_total", "Records committed from the queue")),
        transactions(m.counter("hankyo_call_log_transactions_total", "Call-log transactions")),
        journalled(m.counter("hankyo_call_log_journalled_total", "Records sent to the journal")),
        replayed(m.counter("hankyo_call_log_replayed_total", "Records committed from the journal")),
        latency_ms(m.counter("hankyo_call_log_write_latency_milliseconds_total",
                             "Submit-to-commit latency summed over written records")),
        started_dropped(m.counter("hankyo_call_log_started_dropped_total",
                                  "In-progress rows not written (queue full or database down)")),
        rejected(m.counter("hankyo_call_log_rejected_total",
                           "Records the database refused, kept in the .rejected file")) {}
  metrics::Gauge& queue_depth;
  metrics::Counter& written;
  metrics::Counter& transactions;
  metrics::Counter& journalled;
  metrics::Counter& replayed;
  metrics::Counter& latency_ms;
  metrics::Counter& started_dropped;
  metrics::Counter& rejected;
};

}  // namespace hk::calllog::detail
