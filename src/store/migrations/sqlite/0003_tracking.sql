-- Hankyo schema, version 3 (SQLite): number pools for dynamic number insertion, the leases
-- they hand to web visitors, the visitors' first- and last-touch tracking parameters, the
-- state transitions of pooled numbers and the monthly issuance counts (SPEC §3). Same
-- conventions as 0001_init.sql. Leases, visitors, transitions and counts are written behind
-- by hankyod (the live lease table is in memory); they go with their pool.

CREATE TABLE tracking_pools (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  advertiser_id INTEGER NOT NULL REFERENCES advertisers (id) ON DELETE CASCADE,
  pool_key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  mode TEXT NOT NULL,            -- pooled, one_time, dynamic
  base_number TEXT NOT NULL,     -- dynamic: the 0078 base
  suffix_digits INTEGER NOT NULL,
  idle_release_sec INTEGER NOT NULL,
  max_lease_sec INTEGER NOT NULL,
  cooldown_sec INTEGER NOT NULL,
  match_window_sec INTEGER NOT NULL,
  selection TEXT NOT NULL,       -- lru, round_robin, random
  exhaustion TEXT NOT NULL,      -- overflow, default_number, share_lru
  overflow_number TEXT NOT NULL,
  default_number TEXT NOT NULL,
  allowed_origins TEXT NOT NULL, -- JSON array of origins
  visitor_rate_per_min INTEGER NOT NULL,
  pool_rate_per_sec INTEGER NOT NULL,
  active INTEGER NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX tracking_pools_advertiser ON tracking_pools (advertiser_id);

-- A number belongs to one pool at most.
CREATE TABLE tracking_pool_numbers (
  pool_id INTEGER NOT NULL REFERENCES tracking_pools (id) ON DELETE CASCADE,
  number_id INTEGER NOT NULL UNIQUE REFERENCES tracking_numbers (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  PRIMARY KEY (pool_id, number_id)
);

CREATE TABLE tracking_visitors (
  id TEXT PRIMARY KEY,
  pool_id INTEGER NOT NULL REFERENCES tracking_pools (id) ON DELETE CASCADE,
  first_params TEXT NOT NULL,  -- JSON array of [key, value]
  last_params TEXT NOT NULL,
  first_seen_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL
);

CREATE TABLE tracking_leases (
  id TEXT PRIMARY KEY,
  pool_id INTEGER NOT NULL REFERENCES tracking_pools (id) ON DELETE CASCADE,
  number_id INTEGER,             -- NULL for dynamic numbers
  number TEXT NOT NULL,
  suffix TEXT NOT NULL,
  visitor_id TEXT NOT NULL,
  params TEXT NOT NULL,          -- JSON array of [key, value]
  confidence INTEGER NOT NULL,  -- per mille
  shared INTEGER NOT NULL,
  issued_at_ms BIGINT NOT NULL,
  renewed_at_ms BIGINT NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  ended_at_ms BIGINT,
  end_cause TEXT NOT NULL
);
CREATE INDEX tracking_leases_pool ON tracking_leases (pool_id, ended_at_ms);
CREATE INDEX tracking_leases_number ON tracking_leases (number, issued_at_ms);

CREATE TABLE tracking_transitions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pool_id INTEGER NOT NULL REFERENCES tracking_pools (id) ON DELETE CASCADE,
  number TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  cause TEXT NOT NULL,
  lease_id TEXT NOT NULL,
  at_ms BIGINT NOT NULL
);
CREATE INDEX tracking_transitions_pool ON tracking_transitions (pool_id, at_ms);

CREATE TABLE tracking_monthly (
  pool_id INTEGER NOT NULL REFERENCES tracking_pools (id) ON DELETE CASCADE,
  month TEXT NOT NULL,           -- "2026-11", UTC
  issued BIGINT NOT NULL,
  exhausted BIGINT NOT NULL,
  PRIMARY KEY (pool_id, month)
);
