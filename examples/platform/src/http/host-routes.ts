import { type Credentials, normalizeHostName } from '@credkit/core'
import { Hono } from 'hono'
import { actorOf } from '../directory.js'
import type { SettingsStore } from '../settings-store.js'
import { selectionFields, stringField } from './body-fields.js'
import { HttpError, jsonBody } from './errors.js'
import type { SessionEnv } from './session.js'

function hostName(value: string): string {
  const host = normalizeHostName(value)
  if (host === null) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'Invalid input: host: expected a DNS host name', [
      { path: ['host'], message: 'expected a DNS host name such as api.example.com' },
    ])
  }
  return host
}

/**
 * The Hosts editor, for every member: the "Use account certificate" select lists credkit's
 * `matchCertificates` candidates for the host; saving records a `host` reference.
 */
export function hostRoutes(credentials: Credentials, settings: SettingsStore) {
  const api = new Hono<SessionEnv>()

  api.get('/hosts', async (c) => {
    const actor = actorOf(c.get('user'))
    const hosts = await settings.hosts(actor.accountId)
    const items = await Promise.all(
      hosts.map(async (entry) => {
        const candidates = entry.certificateId ? await credentials.matchCertificates(actor, entry.host) : []
        const certificate = candidates.find((candidate) => candidate.id === entry.certificateId) ?? null
        return { ...entry, certificate }
      }),
    )
    return c.json({ items })
  })

  api.get('/hosts/candidates', async (c) => {
    const actor = actorOf(c.get('user'))
    const host = hostName(c.req.query('host') ?? '')
    return c.json({ host, items: await credentials.matchCertificates(actor, host) })
  })

  api.put('/hosts', async (c) => {
    const actor = actorOf(c.get('user'))
    const body = await jsonBody(c)
    const host = hostName(stringField(body, 'host'))
    const { certificateId } = selectionFields(body, ['certificateId'])
    if (certificateId) {
      const candidates = await credentials.matchCertificates(actor, host)
      if (!candidates.some((candidate) => candidate.id === certificateId)) {
        throw new HttpError(400, 'VALIDATION_FAILED', 'Invalid input: certificateId: no match for the host', [
          { path: ['certificateId'], message: 'expected a certificate of this account matching the host' },
        ])
      }
      await credentials.attach(actor.accountId, certificateId, { kind: 'host', id: host, purpose: 'tls' })
    }
    const before = await settings.host(actor.accountId, host)
    await settings.saveHost(actor.accountId, { host, certificateId })
    if (before?.certificateId && before.certificateId !== certificateId) {
      await credentials.detach(actor.accountId, before.certificateId, { kind: 'host', id: host })
    }
    return c.json({ host, certificateId })
  })

  return api
}
