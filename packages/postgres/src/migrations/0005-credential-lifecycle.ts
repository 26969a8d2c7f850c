/**
 * Credential lifecycle: version history and soft delete.
 *
 * - `updated_fields`: the field names the change that made the row's version touched (what the
 *   history shows); rows written before keep `'{}'` (not recorded).
 * - `deleted_at`, `deleted_by`, `purge_after`: a soft-deleted row, all three set or none (live
 *   rows, and every row written before, keep them NULL, so nothing existing changes state).
 * - The list order and host name indexes become partial (`deleted_at IS NULL`): deleted rows cost
 *   live pages and host lookups nothing. Deleted rows get their own list order index and a purge
 *   index by `purge_after`. The unique name index stays whole: a deleted row keeps its name until
 *   it is purged.
 * - `credkit_credential_versions`: earlier versions, each with its own envelope. The foreign key
 *   makes orphaned history (a secret left behind by a purge) impossible.
 */
export const CREDENTIAL_LIFECYCLE_SQL = `
ALTER TABLE credkit_credentials
  ADD COLUMN updated_fields text[] NOT NULL DEFAULT '{}',
  ADD COLUMN deleted_at timestamptz,
  ADD COLUMN deleted_by text,
  ADD COLUMN purge_after timestamptz,
  ADD CONSTRAINT credkit_credentials_deleted_check
    CHECK ((deleted_at IS NULL) = (deleted_by IS NULL) AND (deleted_at IS NULL) = (purge_after IS NULL));

DROP INDEX credkit_credentials_list_idx;
CREATE INDEX credkit_credentials_list_idx
  ON credkit_credentials (account_id, type_rank, name_key COLLATE "C", id) WHERE deleted_at IS NULL;
CREATE INDEX credkit_credentials_deleted_idx
  ON credkit_credentials (account_id, type_rank, name_key COLLATE "C", id) WHERE deleted_at IS NOT NULL;
CREATE INDEX credkit_credentials_purge_idx
  ON credkit_credentials (purge_after, account_id, id) WHERE deleted_at IS NOT NULL;
DROP INDEX credkit_credentials_host_names_idx;
CREATE INDEX credkit_credentials_host_names_idx ON credkit_credentials USING gin (host_names)
  WITH (fastupdate = off) WHERE deleted_at IS NULL;

CREATE TABLE credkit_credential_versions (
  account_id      text COLLATE "C" NOT NULL,
  credential_id   text COLLATE "C" NOT NULL,
  version         integer NOT NULL,
  type            text COLLATE "C" NOT NULL,
  name            text NOT NULL,
  description     text,
  is_default      boolean NOT NULL,
  public_data     jsonb NOT NULL,
  host_names      text[] NOT NULL,
  envelope        bytea NOT NULL,
  key_id          text NOT NULL,
  secret_version  integer NOT NULL,
  fields          text[] NOT NULL,
  changed_at      timestamptz NOT NULL,
  changed_by      text NOT NULL,
  CONSTRAINT credkit_credential_versions_pkey PRIMARY KEY (account_id, credential_id, version),
  CONSTRAINT credkit_credential_versions_credential_fkey FOREIGN KEY (account_id, credential_id)
    REFERENCES credkit_credentials (account_id, id)
);
`
