import type pg from 'pg'

/** Everything a command could write, as one comparable value: equal before and after = nothing written. */
export async function snapshot(pool: pg.Pool): Promise<unknown> {
  const { rows } = await pool.query(`SELECT
    (SELECT count(*) FROM credkit_audit_events)::int AS audit,
    (SELECT string_agg(id || ':' || key_id || ':' || version, ',' ORDER BY id) FROM credkit_credentials) AS credentials,
    (SELECT md5(string_agg(encode(envelope, 'hex'), ',' ORDER BY id)) FROM credkit_credentials) AS envelopes,
    (SELECT string_agg(credential_id || region || state || coalesce(error_message, ''), ',' ORDER BY credential_id, region)
       FROM credkit_region_statuses) AS statuses,
    (SELECT string_agg(credential_id || region || attempts || run_at::text || coalesce(lease_owner, ''), ','
       ORDER BY credential_id, region) FROM credkit_sync_jobs) AS jobs`)
  return rows[0]
}
