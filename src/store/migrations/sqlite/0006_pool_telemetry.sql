-- Hankyo schema, version 6 (SQLite): pool telemetry and the history of inventory numbers.
-- Same conventions as 0001_init.sql (times in UTC milliseconds).
--
-- tracking_pool_minutes: one row per pool and UTC minute, written behind by hankyod (rows are
-- added to, never replaced: a minute may arrive in several parts). The *_ms columns are time
-- integrals over the minute: capacity_ms = pool size x time observed, leased_ms = leased
-- numbers x time, full_ms = time with no number free to issue (all leased or cooling down).
-- Kept 35 days.
CREATE TABLE tracking_pool_minutes (
  pool_id INTEGER NOT NULL REFERENCES tracking_pools (id) ON DELETE CASCADE,
  minute_ms BIGINT NOT NULL,
  size BIGINT NOT NULL,          -- numbers in the pool (latest in the minute)
  observed_ms BIGINT NOT NULL,
  capacity_ms BIGINT NOT NULL,
  leased_ms BIGINT NOT NULL,
  full_ms BIGINT NOT NULL,
  peak_leased BIGINT NOT NULL,
  issued BIGINT NOT NULL,        -- new leases (shared ones included)
  shared BIGINT NOT NULL,        -- exhausted, share_lru: a number shared with its holder
  overflow BIGINT NOT NULL,      -- exhausted: the overflow number shown
  default_served BIGINT NOT NULL,  -- exhausted: the default number shown
  leases_ended BIGINT NOT NULL,
  lease_ms BIGINT NOT NULL,      -- summed duration of the leases that ended
  late_calls BIGINT NOT NULL,    -- attributed inside the match window after the lease ended
  stray_calls BIGINT NOT NULL,   -- on a pool number with no lease and no match
  PRIMARY KEY (pool_id, minute_ms)
);
CREATE INDEX tracking_pool_minutes_time ON tracking_pool_minutes (minute_ms);

-- Late and stray calls per number and minute (only minutes that had such a call).
CREATE TABLE tracking_number_calls (
  pool_id INTEGER NOT NULL REFERENCES tracking_pools (id) ON DELETE CASCADE,
  minute_ms BIGINT NOT NULL,
  number TEXT NOT NULL,
  late_calls BIGINT NOT NULL,
  stray_calls BIGINT NOT NULL,
  PRIMARY KEY (pool_id, minute_ms, number)
);

-- Lifecycle transitions of inventory numbers outside pools (import, ...): the pooled states
-- are in tracking_transitions.
CREATE TABLE number_transitions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number_id INTEGER NOT NULL REFERENCES tracking_numbers (id) ON DELETE CASCADE,
  number TEXT NOT NULL,
  from_state TEXT NOT NULL,      -- '' when the number did not exist before
  to_state TEXT NOT NULL,
  cause TEXT NOT NULL,           -- import, ...
  at_ms BIGINT NOT NULL
);
CREATE INDEX number_transitions_number ON number_transitions (number_id, at_ms);
