/**
 * The initial schema. Identifier-like columns use the "C" collation, whatever the database's
 * locale: it orders by bytes, which in a UTF-8 database (PGlite's is) is Unicode code point order,
 * the order of the reference adapter (`compareText` in @credkit/memory). With another server
 * encoding, non-ASCII text would order by that encoding's bytes instead.
 */
export const INIT_SQL = `
CREATE TABLE credkit_credentials (
  id              text COLLATE "C" NOT NULL,
  account_id      text COLLATE "C" NOT NULL,
  type            text COLLATE "C" NOT NULL,
  name            text NOT NULL,
  -- lower-cased by the adapter (Unicode, locale-independent) for the unique name rule
  name_key        text NOT NULL,
  description     text,
  version         integer NOT NULL,
  is_default      boolean NOT NULL DEFAULT false,
  public_data     jsonb NOT NULL,
  host_names      text[] NOT NULL DEFAULT '{}',
  envelope        bytea NOT NULL,
  key_id          text NOT NULL,
  secret_version  integer NOT NULL,
  created_at      timestamptz NOT NULL,
  created_by      text NOT NULL,
  updated_at      timestamptz NOT NULL,
  updated_by      text NOT NULL,
  CONSTRAINT credkit_credentials_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX credkit_credentials_account_key ON credkit_credentials (account_id, id);
CREATE UNIQUE INDEX credkit_credentials_name_key ON credkit_credentials (account_id, type, name_key);
CREATE UNIQUE INDEX credkit_credentials_default_key ON credkit_credentials (account_id) WHERE is_default;
-- fastupdate off: credentials change rarely, and a pending list would make every lookup scan it.
CREATE INDEX credkit_credentials_host_names_idx ON credkit_credentials USING gin (host_names)
  WITH (fastupdate = off);

CREATE TABLE credkit_references (
  account_id     text COLLATE "C" NOT NULL,
  credential_id  text COLLATE "C" NOT NULL,
  kind           text COLLATE "C" NOT NULL,
  ref_id         text COLLATE "C" NOT NULL,
  purpose        text,
  created_at     timestamptz NOT NULL,
  CONSTRAINT credkit_references_pkey PRIMARY KEY (account_id, credential_id, kind, ref_id)
);

CREATE TABLE credkit_active_regions (
  account_id    text COLLATE "C" NOT NULL,
  region        text COLLATE "C" NOT NULL,
  activated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credkit_active_regions_pkey PRIMARY KEY (account_id, region)
);

CREATE TABLE credkit_region_statuses (
  account_id       text COLLATE "C" NOT NULL,
  credential_id    text COLLATE "C" NOT NULL,
  region           text COLLATE "C" NOT NULL,
  state            text NOT NULL,
  version          integer,
  target_version   integer NOT NULL,
  content_hash     text,
  last_synced_at   timestamptz,
  error_message    text,
  error_at         timestamptz,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  issuance         jsonb,
  CONSTRAINT credkit_region_statuses_pkey PRIMARY KEY (account_id, credential_id, region),
  CONSTRAINT credkit_region_statuses_error_check CHECK ((error_message IS NULL) = (error_at IS NULL))
);

CREATE TABLE credkit_sync_jobs (
  account_id        text COLLATE "C" NOT NULL,
  credential_id     text COLLATE "C" NOT NULL,
  region            text COLLATE "C" NOT NULL,
  credential_type   text NOT NULL,
  credential_name   text NOT NULL,
  token             text NOT NULL,
  action            text NOT NULL,
  version           integer NOT NULL,
  attempts          integer NOT NULL DEFAULT 0,
  run_at            timestamptz NOT NULL,
  reason            text NOT NULL,
  lease_owner       text,
  lease_expires_at  timestamptz,
  CONSTRAINT credkit_sync_jobs_pkey PRIMARY KEY (account_id, credential_id, region)
);
CREATE INDEX credkit_sync_jobs_run_at_idx ON credkit_sync_jobs (run_at);

CREATE TABLE credkit_audit_events (
  account_id  text COLLATE "C" NOT NULL,
  seq         integer NOT NULL,
  id          text NOT NULL,
  at          timestamptz NOT NULL,
  actor       jsonb NOT NULL,
  action      text NOT NULL,
  credential  jsonb,
  region      text,
  fields      jsonb,
  outcome     text NOT NULL,
  message     text,
  refs        jsonb,
  prev_hash   text NOT NULL,
  hash        text NOT NULL,
  CONSTRAINT credkit_audit_events_pkey PRIMARY KEY (account_id, seq)
);

-- The audit log is append-only: rows can be inserted, never changed or removed.
CREATE FUNCTION credkit_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'credkit_audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER credkit_audit_events_no_change BEFORE UPDATE OR DELETE ON credkit_audit_events
  FOR EACH ROW EXECUTE FUNCTION credkit_audit_events_append_only();
CREATE TRIGGER credkit_audit_events_no_truncate BEFORE TRUNCATE ON credkit_audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION credkit_audit_events_append_only();
`
