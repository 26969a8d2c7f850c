import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrate } from '../src/migrate.js'
import { type Cluster, startCluster } from './cluster.js'
import { databaseUrl } from './url.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of a server the tests may create databases on. */
    databaseUrl: string
    /** A migrated database that per-test databases are copied from. */
    templateDatabase: string
    /** Directory of the server binaries (pg_dump), when the setup started the cluster. */
    postgresBinDir: string | null
  }
}

/**
 * Starts a throwaway PostgreSQL cluster unless `DATABASE_URL` names a server, migrates a template
 * database, and hands both to the tests; stops and deletes everything afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['DATABASE_URL']
  const cluster: Cluster | null = external ? null : await startCluster()
  const adminUrl = external ?? cluster!.url
  const template = `credkit_template_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Pool({ connectionString: adminUrl, max: 1 })
  try {
    await admin.query(`CREATE DATABASE ${template}`)
    const pool = new pg.Pool({ connectionString: databaseUrl(adminUrl, template), max: 1 })
    await migrate(pool).finally(() => pool.end())
  } catch (error) {
    await admin.end()
    await cluster?.stop()
    throw error
  }
  project.provide('databaseUrl', adminUrl)
  project.provide('templateDatabase', template)
  project.provide('postgresBinDir', cluster?.binDir ?? null)
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined)
    await admin.end()
    await cluster?.stop()
  }
}
