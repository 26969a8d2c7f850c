/**
 * Keyed audit chains. Events get `key_id` and `mac` (an HMAC under the account's chain key); rows
 * written before this migration keep them NULL and stay valid as the account's unkeyed legacy
 * prefix: no row is rewritten, so the existing hashes still verify. An account's first chain key
 * is created, wrapped by the KeyPort, on its next audit event (the migration has no KeyPort); its
 * `first_seq` marks where the legacy prefix ends and is bound into the wrap, so it cannot be moved.
 */
export const KEYED_AUDIT_CHAIN_SQL = `
ALTER TABLE credkit_audit_events ADD COLUMN key_id text, ADD COLUMN mac text;
ALTER TABLE credkit_audit_events ADD CONSTRAINT credkit_audit_events_mac_check
  CHECK ((key_id IS NULL) = (mac IS NULL));

CREATE TABLE credkit_audit_keys (
  account_id  text COLLATE "C" NOT NULL,
  key_id      text COLLATE "C" NOT NULL,
  first_seq   integer NOT NULL,
  kek_id      text NOT NULL,
  wrapped     bytea NOT NULL,
  created_at  timestamptz NOT NULL,
  CONSTRAINT credkit_audit_keys_pkey PRIMARY KEY (account_id, key_id)
);
CREATE UNIQUE INDEX credkit_audit_keys_first_seq_key ON credkit_audit_keys (account_id, first_seq);

-- Chain keys are never removed, and only their wrap (kek_id, wrapped) may change: key rotation.
CREATE FUNCTION credkit_audit_keys_rewrap_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.account_id = OLD.account_id AND NEW.key_id = OLD.key_id
     AND NEW.first_seq = OLD.first_seq AND NEW.created_at = OLD.created_at THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'credkit_audit_keys rows can only be re-wrapped' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER credkit_audit_keys_no_change BEFORE UPDATE OR DELETE ON credkit_audit_keys
  FOR EACH ROW EXECUTE FUNCTION credkit_audit_keys_rewrap_only();
CREATE TRIGGER credkit_audit_keys_no_truncate BEFORE TRUNCATE ON credkit_audit_keys
  FOR EACH STATEMENT EXECUTE FUNCTION credkit_audit_keys_rewrap_only();
`
