import {
  type ActorInput,
  type Credentials,
  type CredentialType,
  isCredentialsError,
  type RegistryResolution,
} from '@credkit/core'
import { Hono } from 'hono'
import { actorOf, findAccount } from '../directory.js'
import type { AppSettings, SettingsStore } from '../settings-store.js'
import { selectionFields } from './body-fields.js'
import { HttpError, jsonBody } from './errors.js'
import type { SessionEnv } from './session.js'

/** Which credential the app uses for what: one credkit reference per (credential, app). */
function appUses(settings: AppSettings): Map<string, string[]> {
  const uses = new Map<string, string[]>()
  const add = (id: string | null, purpose: string) => {
    if (id) uses.set(id, [...(uses.get(id) ?? []), purpose])
  }
  add(settings.runtimePull, 'runtime-pull')
  add(settings.buildPull, 'build-pull')
  return uses
}

/** What a pull resolves to; a selection deleted meanwhile (only possible with `force`) shows as none. */
async function resolve(
  credentials: Credentials,
  actor: ActorInput,
  selectedId: string | null,
  purpose: 'runtime' | 'build',
): Promise<RegistryResolution> {
  try {
    return await credentials.resolveRegistry(actor, { selectedId, purpose })
  } catch (error) {
    if (isCredentialsError(error, 'NOT_FOUND')) return { credential: null, source: 'none' }
    throw error
  }
}

/**
 * The App page (pull selects) and its Environment Settings (basic auth), for every member. The
 * platform stores the selection in its own table and records credkit references, so a credential
 * an app uses cannot be deleted.
 */
export function appRoutes(credentials: Credentials, settings: SettingsStore) {
  const api = new Hono<SessionEnv>()

  const appOf = (accountId: string, appId: string) => {
    const app = findAccount(accountId)?.apps.find((candidate) => candidate.id === appId)
    if (!app) throw new HttpError(404, 'NOT_FOUND', 'No such app in this account')
    return app
  }

  const describe = async (actor: ActorInput, appId: string) => {
    const app = appOf(actor.accountId, appId)
    const saved = await settings.app(actor.accountId, app.id)
    const [runtime, build] = await Promise.all([
      resolve(credentials, actor, saved.runtimePull, 'runtime'),
      resolve(credentials, actor, saved.buildPull, 'build'),
    ])
    return { ...app, settings: saved, resolved: { runtime, build } }
  }

  api.get('/apps', async (c) => {
    const actor = actorOf(c.get('user'))
    const apps = findAccount(actor.accountId)?.apps ?? []
    return c.json({ items: await Promise.all(apps.map((app) => describe(actor, app.id))) })
  })

  api.get('/apps/:id', async (c) => c.json(await describe(actorOf(c.get('user')), c.req.param('id'))))

  api.put('/apps/:id', async (c) => {
    const actor = actorOf(c.get('user'))
    const app = appOf(actor.accountId, c.req.param('id'))
    const fields = selectionFields(await jsonBody(c), ['runtimePull', 'buildPull', 'basicAuth'])
    // credkit checks each selection belongs to the account and has the right type.
    if (fields.runtimePull)
      await credentials.resolveRegistry(actor, { selectedId: fields.runtimePull, purpose: 'runtime' })
    if (fields.buildPull)
      await credentials.resolveRegistry(actor, { selectedId: fields.buildPull, purpose: 'build' })
    if (fields.basicAuth) {
      const gates = await credentials.options(actor, { type: 'basic-auth', limit: 1000 })
      if (!gates.items.some((option) => option.id === fields.basicAuth)) {
        throw new HttpError(
          400,
          'VALIDATION_FAILED',
          'Invalid input: basicAuth: expected a basic-auth credential',
          [{ path: ['basicAuth'], message: 'expected a basic-auth credential of this account' }],
        )
      }
    }
    const before = await settings.app(actor.accountId, app.id)
    const after: AppSettings = { appId: app.id, ...fields }
    const uses = appUses(after)
    for (const [credentialId, purposes] of uses) {
      await credentials.attach(actor.accountId, credentialId, {
        kind: 'app',
        id: app.id,
        purpose: purposes.join('+'),
      })
    }
    if (after.basicAuth) {
      await credentials.attach(actor.accountId, after.basicAuth, {
        kind: 'environment',
        id: app.id,
        purpose: 'basic-auth',
      })
    }
    await settings.saveApp(actor.accountId, after)
    for (const credentialId of appUses(before).keys()) {
      if (!uses.has(credentialId))
        await credentials.detach(actor.accountId, credentialId, { kind: 'app', id: app.id })
    }
    if (before.basicAuth && before.basicAuth !== after.basicAuth) {
      await credentials.detach(actor.accountId, before.basicAuth, { kind: 'environment', id: app.id })
    }
    return c.json(await describe(actor, app.id))
  })

  api.get('/options', async (c) => {
    // Unchecked here on purpose: credkit validates the type (400 naming `query.type`).
    const type = c.req.query('type') as CredentialType
    return c.json(await credentials.options(actorOf(c.get('user')), { type, limit: 1000 }))
  })

  return api
}
