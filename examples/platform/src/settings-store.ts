import type { PgQueryable } from '@credkit/postgres'

/** What an app pulls with and what gates its environment; null: no explicit selection. */
export interface AppSettings {
  readonly appId: string
  readonly runtimePull: string | null
  readonly buildPull: string | null
  readonly basicAuth: string | null
}

export interface HostSettings {
  readonly host: string
  readonly certificateId: string | null
}

/**
 * The platform's own tables, beside credkit's in the same database: which credential each app,
 * environment and host selected. credkit keeps only the references (`attach`), which is what
 * protects a used credential from deletion.
 */
export function createSettingsStore(db: PgQueryable) {
  return {
    async migrate(): Promise<void> {
      await db.query(`CREATE TABLE IF NOT EXISTS platform_app_settings (
        account_id text NOT NULL, app_id text NOT NULL,
        runtime_pull text, build_pull text, basic_auth text,
        PRIMARY KEY (account_id, app_id))`)
      await db.query(`CREATE TABLE IF NOT EXISTS platform_hosts (
        account_id text NOT NULL, host text NOT NULL, certificate_id text,
        PRIMARY KEY (account_id, host))`)
    },
    async app(accountId: string, appId: string): Promise<AppSettings> {
      const { rows } = await db.query(
        'SELECT runtime_pull, build_pull, basic_auth FROM platform_app_settings WHERE account_id = $1 AND app_id = $2',
        [accountId, appId],
      )
      const row = rows[0]
      return {
        appId,
        runtimePull: (row?.['runtime_pull'] as string | null) ?? null,
        buildPull: (row?.['build_pull'] as string | null) ?? null,
        basicAuth: (row?.['basic_auth'] as string | null) ?? null,
      }
    },
    async saveApp(accountId: string, settings: AppSettings): Promise<void> {
      await db.query(
        `INSERT INTO platform_app_settings (account_id, app_id, runtime_pull, build_pull, basic_auth)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id, app_id) DO UPDATE
         SET runtime_pull = $3, build_pull = $4, basic_auth = $5`,
        [accountId, settings.appId, settings.runtimePull, settings.buildPull, settings.basicAuth],
      )
    },
    async hosts(accountId: string): Promise<HostSettings[]> {
      const { rows } = await db.query(
        'SELECT host, certificate_id FROM platform_hosts WHERE account_id = $1 ORDER BY host',
        [accountId],
      )
      return rows.map((row) => ({
        host: row['host'] as string,
        certificateId: (row['certificate_id'] as string | null) ?? null,
      }))
    },
    async host(accountId: string, host: string): Promise<HostSettings | null> {
      const { rows } = await db.query(
        'SELECT certificate_id FROM platform_hosts WHERE account_id = $1 AND host = $2',
        [accountId, host],
      )
      const row = rows[0]
      return row ? { host, certificateId: (row['certificate_id'] as string | null) ?? null } : null
    },
    async saveHost(accountId: string, settings: HostSettings): Promise<void> {
      await db.query(
        `INSERT INTO platform_hosts (account_id, host, certificate_id) VALUES ($1, $2, $3)
         ON CONFLICT (account_id, host) DO UPDATE SET certificate_id = $3`,
        [accountId, settings.host, settings.certificateId],
      )
    },
  }
}

export type SettingsStore = ReturnType<typeof createSettingsStore>
