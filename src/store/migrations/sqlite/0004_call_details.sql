-- Hankyo schema, version 4 (SQLite): what the flow engine, the media and attribution add to a
-- call-log row: the valid-call rule, the flow (id, version, path of step ids as a JSON array),
-- the recording and voicemail files, and the web visitor the call is credited to.
ALTER TABLE call_logs ADD COLUMN valid_rule TEXT NOT NULL DEFAULT '';
ALTER TABLE call_logs ADD COLUMN flow_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE call_logs ADD COLUMN flow_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE call_logs ADD COLUMN flow_path TEXT NOT NULL DEFAULT '[]';
ALTER TABLE call_logs ADD COLUMN recording TEXT NOT NULL DEFAULT '';
ALTER TABLE call_logs ADD COLUMN recording_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE call_logs ADD COLUMN recording_error TEXT NOT NULL DEFAULT '';
ALTER TABLE call_logs ADD COLUMN voicemail TEXT NOT NULL DEFAULT '';
ALTER TABLE call_logs ADD COLUMN voicemail_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE call_logs ADD COLUMN voicemail_error TEXT NOT NULL DEFAULT '';
ALTER TABLE call_logs ADD COLUMN visitor_id TEXT NOT NULL DEFAULT '';
ALTER TABLE call_logs ADD COLUMN lease_id TEXT NOT NULL DEFAULT '';
ALTER TABLE call_logs ADD COLUMN pool_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE call_logs ADD COLUMN attribution TEXT NOT NULL DEFAULT '';
ALTER TABLE call_logs ADD COLUMN attribution_confidence REAL NOT NULL DEFAULT 0;
ALTER TABLE call_logs ADD COLUMN attribution_candidates TEXT NOT NULL DEFAULT '[]';
CREATE INDEX call_logs_flow ON call_logs (flow_id, din_tms);
CREATE INDEX call_logs_visitor ON call_logs (visitor_id) WHERE visitor_id <> '';
