import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from './support/platform.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))

interface Started {
  readonly child: ChildProcess
  readonly url: string
  output(): string
}

/** `npm start` from the repository root on a free port, in its own process group (as a terminal runs it). */
async function npmStart(dataDir: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', CREDKIT_DATA_DIR: dataDir }
  delete env['DATABASE_URL']
  delete env['CREDKIT_MASTER_KEYS']
  const child = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /Credentials tab: (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1]!)
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before listening:\n${output}`)))
  })
  return { child, url, output: () => output }
}

/**
 * Ctrl-C: SIGINT to the whole process group. Resolves once npm has exited: npm itself ends by the
 * signal it forwarded, so the platform's clean exit shows in its output (`stopped`, printed after
 * the worker drained and the storage closed, never "stop failed").
 */
async function interrupt(started: Started): Promise<string> {
  const exited = new Promise<string>((resolve) =>
    // 'close': npm has exited and so has the platform, which shares its output pipes.
    started.child.once('close', (code, signal) => resolve(signal ?? `code ${code}`)),
  )
  process.kill(-started.child.pid!, 'SIGINT')
  const how = await exited
  expect(['SIGINT', 'code 0']).toContain(how)
  return started.output()
}

describe('npm start', () => {
  let dataDir: string
  let running: Started | null = null

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'credkit-npm-start-'))
  })
  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      process.kill(-running.child.pid!, 'SIGKILL')
    }
    await rm(dataDir, { recursive: true, force: true })
  })

  it('serves the page, warns about the generated key, and stops cleanly on Ctrl-C', async () => {
    running = await npmStart(dataDir)
    const page = await fetch(running.url)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<script type="module" src="/js/main.js">')
    expect(running.output()).toContain(`WARNING: generated a master key into ${join(dataDir, 'master-keys')}`)
    expect((await stat(join(dataDir, 'master-keys'))).mode & 0o777).toBe(0o600)

    const admin = await signIn(running.url, 'alice')
    const created = await admin.call('POST', '/credentials', {
      type: 'basic-auth',
      name: 'Survives restarts',
      data: { username: 'u', password: 'pw-SMOKE-SECRET' },
    })
    expect(created.status).toBe(201)

    const output = await interrupt(running)
    expect(output).toContain('SIGINT: stopping')
    expect(output).not.toMatch(/stop failed|stopping now/)
    expect(output).toMatch(/sync worker drained\nstorage closed\nstopped\n/)
    expect(output).not.toContain('pw-SMOKE-SECRET')
  })

  it('finds what the first run stored after a restart, with the same key and no new warning', async () => {
    running = await npmStart(dataDir)
    const admin = await signIn(running.url, 'alice')
    const list = await admin.call('GET', '/credentials')
    expect(list.body.items.map((item: { name: string }) => item.name)).toEqual(['Survives restarts'])
    const revealed = await admin.call('POST', `/credentials/${list.body.items[0].id}/reveal`, {})
    expect(revealed.body.fields.password).toBe('pw-SMOKE-SECRET')
    expect(running.output()).not.toContain('WARNING')
    expect(await interrupt(running)).toMatch(/storage closed\nstopped\n/)
  })
})
