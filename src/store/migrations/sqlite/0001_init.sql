-- Hankyo schema, version 1 (SQLite). The PostgreSQL twin lives in migrations/postgres/.
-- Portable on purpose: INTEGER ids, TEXT, BIGINT times in UTC epoch milliseconds (*_ms), 0/1
-- INTEGER booleans, JSON as TEXT. Id 0 in the domain is NULL here where a foreign key applies.

CREATE TABLE operators (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL UNIQUE,
  timezone TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);

CREATE TABLE advertisers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  name TEXT NOT NULL,
  timezone TEXT NOT NULL,
  max_lines INTEGER NOT NULL,
  active INTEGER NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  UNIQUE (operator_id, name)
);

CREATE TABLE tracking_numbers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  advertiser_id INTEGER REFERENCES advertisers (id),
  number TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  destinations TEXT NOT NULL,  -- JSON array of strings, tried in order
  state TEXT NOT NULL,
  max_lines INTEGER NOT NULL,
  ring_timeout_sec INTEGER NOT NULL,
  trunk TEXT NOT NULL,
  initial_cost BIGINT NOT NULL,
  monthly_cost BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX tracking_numbers_operator ON tracking_numbers (operator_id);
CREATE INDEX tracking_numbers_advertiser ON tracking_numbers (advertiser_id);

CREATE TABLE number_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  number_id INTEGER NOT NULL REFERENCES tracking_numbers (id) ON DELETE CASCADE,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  at_ms BIGINT NOT NULL,
  cause TEXT NOT NULL
);
CREATE INDEX number_events_number ON number_events (number_id, at_ms);

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  operator_id INTEGER REFERENCES operators (id),
  advertiser_id INTEGER REFERENCES advertisers (id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE INDEX users_operator ON users (operator_id);
CREATE INDEX users_advertiser ON users (advertiser_id);

CREATE TABLE api_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  prefix TEXT NOT NULL UNIQUE,
  hash TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  operator_id INTEGER REFERENCES operators (id),
  advertiser_id INTEGER REFERENCES advertisers (id),
  created_by BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  last_used_at_ms BIGINT,
  revoked_at_ms BIGINT
);
CREATE INDEX api_keys_operator ON api_keys (operator_id);
CREATE INDEX api_keys_advertiser ON api_keys (advertiser_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at_ms BIGINT NOT NULL,
  expires_at_ms BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at_ms);

-- One row per call (SPEC §5); column names are the record's JSON keys. No foreign keys: the
-- log outlives the advertisers and numbers it names (client_name / dialin_name are copies).
-- seq_num is NULL while the call is in progress and set, gap-free, when it is finalised.
CREATE TABLE call_logs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  seq_num BIGINT UNIQUE,
  trn_id TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL,
  din_id TEXT NOT NULL,
  suffix TEXT NOT NULL,
  operator_id BIGINT NOT NULL,
  client_id BIGINT NOT NULL,
  client_name TEXT NOT NULL,
  dialin_id BIGINT NOT NULL,
  dialin_name TEXT NOT NULL,
  fwd_id TEXT NOT NULL,
  clr_id_cipher TEXT NOT NULL,
  clr_id_index TEXT NOT NULL,
  clr_id_masked TEXT NOT NULL,
  din_tms BIGINT NOT NULL,
  ans_tms BIGINT,
  tst_tms BIGINT,
  eoc_tms BIGINT,
  calling_ms BIGINT NOT NULL,
  talking_ms BIGINT NOT NULL,
  conn_ms BIGINT NOT NULL,
  dial_stat TEXT NOT NULL,
  clr_type TEXT NOT NULL,
  fwd_type TEXT NOT NULL,
  hup_usr TEXT NOT NULL,
  valid_res TEXT NOT NULL,
  nfy_email INTEGER NOT NULL,
  nfy_http INTEGER NOT NULL,
  call_charge BIGINT NOT NULL,
  fax INTEGER NOT NULL,
  end_reason TEXT NOT NULL,
  sip_call_id TEXT NOT NULL,
  region TEXT NOT NULL,
  params TEXT NOT NULL,  -- JSON object of string values
  vars TEXT NOT NULL,    -- JSON object of string values
  last_activity BIGINT NOT NULL
);
CREATE INDEX call_logs_din_tms ON call_logs (din_tms);
CREATE INDEX call_logs_operator_din_tms ON call_logs (operator_id, din_tms);
CREATE INDEX call_logs_client_din_tms ON call_logs (client_id, din_tms);
CREATE INDEX call_logs_dialin_din_tms ON call_logs (dialin_id, din_tms);
CREATE INDEX call_logs_clr_id_index ON call_logs (clr_id_index);
CREATE INDEX call_logs_state ON call_logs (state);

CREATE TABLE call_attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- keeps the attempts in the record's order
  trn_id TEXT NOT NULL REFERENCES call_logs (trn_id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  destination TEXT NOT NULL,
  sip_code INTEGER NOT NULL,
  reason TEXT NOT NULL,
  ring_ms BIGINT NOT NULL,
  started_at_ms BIGINT NOT NULL,
  answered_at_ms BIGINT,
  ended_at_ms BIGINT NOT NULL
);
CREATE INDEX call_attempts_trn_id ON call_attempts (trn_id);

-- Counters handed out inside the writing transaction, so a rolled-back call leaves no gap.
CREATE TABLE seq_counter (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO seq_counter (name, value) VALUES ('call_logs', 0);
