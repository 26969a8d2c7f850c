import { inspect } from 'node:util'
import type { RegionCall } from '@credkit/memory'
import { describe, expect, it } from 'vitest'
import { ACCOUNT, actors, rejectionOf } from './harness.js'
import { expectNoSecret, syncSecret, useSyncHarness } from './sync-harness.js'

const h = useSyncHarness({ regions: ['eu-1'], sync: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 } })
const { admin } = actors

/** The revealed password a region call carried: what a careless region error would echo. */
function password(call: RegionCall): string {
  const payload = call.credential?.payload as { password?: { reveal(): string } } | undefined
  return payload?.password?.reveal() ?? ''
}

const ECHOES: Array<(call: RegionCall) => unknown> = [
  (call) => new Error(`401 Unauthorized for staging:${password(call)}\n    at push (k8s.js:1:1)`),
  (call) => new Error(`bad auth ${Buffer.from(`staging:${password(call)}`).toString('base64')}`),
  (call) => new Error(`spec: ${JSON.stringify({ password: password(call) })}`),
  (call) => ({ password: password(call), code: 401 }),
  (call) => `rejected ${password(call)}`,
  (call) => new Error(`${'x'.repeat(190)} ${password(call)}`),
]

describe('secret leaks through sync', () => {
  it('statuses, views, results, errors and audit events never hold a secret the region echoed', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const texts: string[] = []
    for (const [i, echo] of ECHOES.entries()) {
      const view = await h.credentials.create(admin, {
        type: 'basic-auth',
        name: `gate-${i}`,
        data: { username: 'staging', password: syncSecret('echoed') },
      })
      h.regions.faults.failNext('eu-1', 1, echo)
      texts.push(inspect(await h.credentials.syncNow(admin, view.id), { depth: 8 }))
      const status = await h.status(view.id, 'eu-1')
      expect(status?.state).toBe('error')
      expect(status!.error!.message).not.toMatch(/\n/)
      expect(status!.error!.message.length).toBeLessThanOrEqual(200)
      texts.push(JSON.stringify(status), JSON.stringify(await h.credentials.get(admin, view.id)))
    }
    const messages = (await h.reader.statuses(ACCOUNT)).map((s) => s.error?.message)
    expect(messages.slice(0, 3).every((m) => m?.includes('[redacted]'))).toBe(true)
    expect(messages[3]).toBe('region call failed')
    expect(messages[0]).toBe('401 Unauthorized for [redacted]')

    const acme = await h.credentials.create(admin, {
      type: 'acme-wildcard',
      name: 'wildcard',
      data: {
        provider: 'cloudflare',
        commonName: '*.example.com',
        providerConfig: { apiToken: syncSecret('cf') },
      },
    })
    h.regions.faults.failFor(
      'eu-1',
      acme.id,
      (call) => new Error(`invalid config ${inspect(revealAll(call))}`),
    )
    // its retry rounds back off on the harness's clock: move it from one wait to the next
    const error = await rejectionOf(h.clock.run(h.credentials.prepareRegion(ACCOUNT, 'eu-1')))
    expect(error).toMatchObject({ code: 'REGION_FAILED' })
    texts.push(
      inspect(error, { depth: 8 }),
      JSON.stringify(error),
      String((error as { stack?: string }).stack),
    )

    const { events } = await h.credentials.auditLog(admin, { limit: 200 })
    expect(events.some((e) => e.action === 'credential.sync-failed')).toBe(true)
    texts.push(
      JSON.stringify(events),
      JSON.stringify(await h.reader.auditEvents(ACCOUNT)),
      await h.reader.dump(),
    )
    expectNoSecret(texts.join('\n'))
  })
})

/** The pushed payload with its secrets revealed, as a region dumping its input would print it. */
function revealAll(call: RegionCall): unknown {
  const payload = (call.credential?.payload ?? {}) as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(payload).map(([k, v]) => [
      k,
      typeof v === 'object' && v !== null && 'reveal' in v ? (v as { reveal(): unknown }).reveal() : v,
    ]),
  )
}
