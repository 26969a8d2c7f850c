/**
 * List order (type, then name, then id) as an index, so a page of the Credentials tab costs its
 * size whatever the account holds. `type_rank` follows `CREDENTIAL_TYPES` (registry, basic auth,
 * TLS, ACME); `name_key` is indexed in the "C" collation so it orders by code point like `id`
 * (queries must say `name_key COLLATE "C"` to use it).
 */
export const LIST_ORDER_SQL = `
ALTER TABLE credkit_credentials ADD COLUMN type_rank smallint GENERATED ALWAYS AS (
  CASE type
    WHEN 'container-registry' THEN 0
    WHEN 'basic-auth' THEN 1
    WHEN 'tls-certificate' THEN 2
    WHEN 'acme-wildcard' THEN 3
  END
) STORED NOT NULL;
CREATE INDEX credkit_credentials_list_idx
  ON credkit_credentials (account_id, type_rank, name_key COLLATE "C", id);
`
