-- Hankyo schema, version 2 (SQLite): call flows with their versions and attachments, call
-- blocking lists and the absence switch. Same conventions as 0001_init.sql. Rows that belong
-- to an operator, advertiser or number go with it (ON DELETE CASCADE). A flow that is still
-- attached somewhere is refused deletion by the repository (FlowRepo::remove); its
-- attachments cascade only when its advertiser goes.

-- A flow belongs to an operator (advertiser_id NULL: operator-level) or to one of its
-- advertisers. Its content lives in flow_versions; current_version is the one calls run.
CREATE TABLE flows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  advertiser_id INTEGER REFERENCES advertisers (id) ON DELETE CASCADE,
  name TEXT NOT NULL,  -- the current version's document name, for lists
  current_version INTEGER NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL
);
CREATE UNIQUE INDEX flows_name ON flows (operator_id, IFNULL(advertiser_id, 0), name);
CREATE INDEX flows_advertiser ON flows (advertiser_id);

-- Every saved document, never changed afterwards: 1, 2, 3, ... per flow.
CREATE TABLE flow_versions (
  flow_id INTEGER NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  document TEXT NOT NULL,     -- JSON, as validated
  created_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,   -- principal label: "user:12", "key:3"
  PRIMARY KEY (flow_id, version)
);

-- Which flow a number, an advertiser or a whole operator runs: one row per target. The most
-- specific wins (number, then its advertiser, then its operator). A number's row names no
-- advertiser: a number may move to another advertiser, and its row follows it.
CREATE TABLE flow_attachments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  advertiser_id INTEGER REFERENCES advertisers (id) ON DELETE CASCADE,
  number_id INTEGER REFERENCES tracking_numbers (id) ON DELETE CASCADE,
  flow_id INTEGER NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
  created_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK (advertiser_id IS NULL OR number_id IS NULL)
);
CREATE UNIQUE INDEX flow_attachments_target
  ON flow_attachments (operator_id, IFNULL(advertiser_id, 0), IFNULL(number_id, 0));
CREATE INDEX flow_attachments_flow ON flow_attachments (flow_id);
CREATE INDEX flow_attachments_number ON flow_attachments (number_id);
CREATE INDEX flow_attachments_advertiser ON flow_attachments (advertiser_id);

-- Call blocking (着信拒否), operator-wide (number_id NULL) or for one number. A caller number
-- is never stored in clear: an exact entry keeps the keyed blind index of the normalised
-- number (for matching), its ciphertext (shown back to who may see it) and a masked form; a
-- prefix entry keeps 2 to 9 digits, never a whole number; a withheld entry keeps neither.
CREATE TABLE block_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  number_id INTEGER REFERENCES tracking_numbers (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,           -- exact | prefix | withheld
  number_index TEXT NOT NULL,   -- exact: blind index; otherwise ''
  number_cipher TEXT NOT NULL,  -- exact: ciphertext; otherwise ''
  number_masked TEXT NOT NULL,  -- exact: masked number; otherwise ''
  prefix TEXT NOT NULL,         -- prefix: digits; otherwise ''
  note TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK (kind IN ('exact', 'prefix', 'withheld'))
);
CREATE UNIQUE INDEX block_entries_unique
  ON block_entries (operator_id, IFNULL(number_id, 0), kind, number_index, prefix);
CREATE INDEX block_entries_number ON block_entries (number_id);

-- The absence switch (不在設定) of a number or of an advertiser, with who flipped it last.
CREATE TABLE absence_switches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  advertiser_id INTEGER REFERENCES advertisers (id) ON DELETE CASCADE,
  number_id INTEGER REFERENCES tracking_numbers (id) ON DELETE CASCADE,
  absent INTEGER NOT NULL,
  changed_at_ms BIGINT NOT NULL,
  changed_by TEXT NOT NULL,
  CHECK ((advertiser_id IS NULL) <> (number_id IS NULL))
);
CREATE UNIQUE INDEX absence_switches_number ON absence_switches (number_id)
  WHERE number_id IS NOT NULL;
CREATE UNIQUE INDEX absence_switches_advertiser ON absence_switches (advertiser_id)
  WHERE advertiser_id IS NOT NULL;
