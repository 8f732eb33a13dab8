-- Hankyo schema, version 5 (SQLite): prompts (uploaded audio) and the recording setting of
-- advertisers and numbers. Same conventions as 0001_init.sql.

-- A prompt's audio lives in <media.dir>/prompts/<id>.wav (media::PromptStore); this row holds
-- who owns it and its name. The id is the store's (32 lowercase hex), the one flows name.
-- A prompt belongs to an operator (advertiser_id NULL) or to one of its advertisers.
CREATE TABLE prompts (
  id TEXT PRIMARY KEY,
  operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
  advertiser_id INTEGER REFERENCES advertisers (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  duration_ms BIGINT NOT NULL,
  samples BIGINT NOT NULL,
  upload_bytes BIGINT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  updated_at_ms BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX prompts_operator ON prompts (operator_id, created_at_ms);
CREATE INDEX prompts_advertiser ON prompts (advertiser_id);

-- What calls record (SPEC §7): inherit (the advertiser's, then media.recording), off,
-- stereo, caller, callee; and a consent guidance played before the conversation (a prompt
-- id or a text for TTS; both empty: none).
ALTER TABLE advertisers ADD COLUMN recording_mode TEXT NOT NULL DEFAULT 'inherit';
ALTER TABLE advertisers ADD COLUMN recording_consent_prompt TEXT NOT NULL DEFAULT '';
ALTER TABLE advertisers ADD COLUMN recording_consent_text TEXT NOT NULL DEFAULT '';
ALTER TABLE tracking_numbers ADD COLUMN recording_mode TEXT NOT NULL DEFAULT 'inherit';
ALTER TABLE tracking_numbers ADD COLUMN recording_consent_prompt TEXT NOT NULL DEFAULT '';
ALTER TABLE tracking_numbers ADD COLUMN recording_consent_text TEXT NOT NULL DEFAULT '';
