import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { promisify } from 'node:util'

const exec = promisify(execFile)

/** A throwaway PostgreSQL cluster on a loopback port. */
export interface Cluster {
  /** Superuser URL of the `postgres` database. */
  readonly url: string
  readonly binDir: string
  stop(): Promise<void>
}

/** Where initdb/pg_ctl are looked for: PATH first, then the usual distribution folders. */
export function findPostgresBinDir(): string | null {
  const versioned = (root: string, pattern: RegExp, suffix: string) =>
    existsSync(root)
      ? readdirSync(root)
          .filter((entry) => pattern.test(entry))
          .sort((a, b) => Number.parseFloat(b.replace(/\D+/g, '')) - Number.parseFloat(a.replace(/\D+/g, '')))
          .map((entry) => join(root, entry, suffix))
      : []
  const candidates = [
    ...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean),
    ...versioned('/usr/lib/postgresql', /^\d+(\.\d+)?$/, 'bin'),
    '/usr/local/pgsql/bin',
    ...versioned('/usr', /^pgsql-\d+$/, 'bin'),
  ]
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/**
 * initdb + pg_ctl start in a temp dir. As root (initdb refuses root) the dir belongs to user
 * `postgres` and the binaries run through `runuser -u postgres --`.
 */
export async function startCluster(): Promise<Cluster> {
  const binDir = findPostgresBinDir()
  if (!binDir) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in /usr/lib/postgresql/*/bin: ' +
        'install them (Debian: apt-get install -y postgresql) or set DATABASE_URL',
    )
  }
  const asRoot = process.getuid?.() === 0
  const run = (tool: string, args: string[]) =>
    asRoot
      ? exec('runuser', ['-u', 'postgres', '--', join(binDir, tool), ...args])
      : exec(join(binDir, tool), args)
  const dir = join(tmpdir(), `credkit-pg-${process.pid}-${Math.random().toString(36).slice(2, 8)}`)
  if (asRoot) await exec('install', ['-d', '-o', 'postgres', '-g', 'postgres', '-m', '700', dir])
  else mkdirSync(dir, { mode: 0o700 })
  const data = join(dir, 'data')
  const remove = () => rmSync(dir, { recursive: true, force: true })
  try {
    await run('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--no-locale',
    ])
    for (let attempt = 1; ; attempt++) {
      const port = await freePort()
      const options = [
        '-c listen_addresses=127.0.0.1',
        `-p ${port}`,
        `-k ${dir}`,
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=300',
      ].join(' ')
      try {
        await run('pg_ctl', [
          '-D',
          data,
          '-w',
          '-t',
          '60',
          '-l',
          join(dir, 'server.log'),
          '-o',
          options,
          'start',
        ])
      } catch (error) {
        if (attempt < 3) continue
        throw error
      }
      return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        binDir,
        async stop() {
          await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined)
          remove()
        },
      }
    }
  } catch (error) {
    remove()
    throw error
  }
}
