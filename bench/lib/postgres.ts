import { migrate } from '@credkit/postgres'
import pg from 'pg'
import { type Cluster, startCluster } from '../../packages/postgres/test/cluster.js'
import { databaseUrl } from '../../packages/postgres/test/url.js'

/** A throwaway PostgreSQL server (or `DATABASE_URL`'s) with a migrated template database. */
export interface BenchServer {
  database(): Promise<{ url: string; drop(): Promise<void> }>
  stop(): Promise<void>
}

export async function startBenchServer(): Promise<BenchServer> {
  const external = process.env['DATABASE_URL']
  const cluster: Cluster | null = external ? null : await startCluster()
  const adminUrl = external ?? cluster!.url
  const admin = new pg.Pool({ connectionString: adminUrl, max: 1 })
  const template = `credkit_bench_template_${process.pid}`
  await admin.query(`DROP DATABASE IF EXISTS ${template}`)
  await admin.query(`CREATE DATABASE ${template}`)
  const pool = new pg.Pool({ connectionString: databaseUrl(adminUrl, template), max: 1 })
  await migrate(pool).finally(() => pool.end())
  let n = 0
  return {
    async database() {
      const name = `credkit_bench_${process.pid}_${++n}`
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`)
      return {
        url: databaseUrl(adminUrl, name),
        drop: async () => {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        },
      }
    },
    async stop() {
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`).catch(() => undefined)
      await admin.end()
      await cluster?.stop()
    },
  }
}
