-- Hankyo schema, version 7 (SQLite): valid-call judgement (SPEC §6, calllog/judgement.hpp).
-- Per advertiser: the talk seconds that make a call valid, the duplicate window (0: off) and
-- the IVR rules (JSON array of {"var", "value", "min_talk_sec"}).
ALTER TABLE advertisers ADD COLUMN valid_threshold_sec INTEGER NOT NULL DEFAULT 60;
ALTER TABLE advertisers ADD COLUMN duplicate_window_sec INTEGER NOT NULL DEFAULT 0;
ALTER TABLE advertisers ADD COLUMN ivr_valid_rules TEXT NOT NULL DEFAULT '[]';

-- Callers never counted as duplicates for an advertiser; numbers stored like block-list
-- entries: keyed blind index (matching), ciphertext and masked form, never in clear.
CREATE TABLE judgement_exclusions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  advertiser_id INTEGER NOT NULL REFERENCES advertisers (id) ON DELETE CASCADE,
  number_index TEXT NOT NULL,
  number_cipher TEXT NOT NULL,
  number_masked TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE UNIQUE INDEX judgement_exclusions_unique ON judgement_exclusions (advertiser_id, number_index);

-- The duplicate check: an earlier call from this caller to this advertiser.
CREATE INDEX call_logs_client_caller ON call_logs (client_id, clr_id_index, din_tms);
