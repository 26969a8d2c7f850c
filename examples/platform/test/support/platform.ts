import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Platform, startPlatform } from '../../src/platform.js'

export interface TestPlatform extends Platform {
  readonly dataDir: string
  /** Stops the platform and removes its data directory. */
  close(): Promise<void>
}

/**
 * The platform on a free port with a data directory of its own (never the user's `.data/`),
 * regions that fail only when a test says so, and a worker that polls often so that the
 * browser, which waits on conditions, sees regions reach Synced quickly.
 */
export async function startTestPlatform(): Promise<TestPlatform> {
  const dataDir = await mkdtemp(join(tmpdir(), 'credkit-platform-'))
  const platform = await startPlatform({ dataDir, port: 0, regions: { flakyRate: 0 }, workerPollMs: 50 })
  return {
    ...platform,
    dataDir,
    async close() {
      await platform.stop()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

export interface Client {
  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON answers field by field
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>
}

/** An HTTP client signed in as a demo user (its own cookie jar of one cookie). */
export async function signIn(baseUrl: string, userId: string): Promise<Client> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  })
  if (!response.ok) throw new Error(`sign-in as ${userId} failed: ${response.status}`)
  const cookie = response.headers.getSetCookie()[0]!.split(';')[0]!
  return {
    async call(method, path, body) {
      const res = await fetch(`${baseUrl}/api${path}`, {
        method,
        headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    },
  }
}
