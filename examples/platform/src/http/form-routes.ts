import {
  ACME_PROVIDERS,
  type AcmeProvider,
  acmeTemplate,
  type Credentials,
  parseCertificateMetadata,
} from '@credkit/core'
import { Hono } from 'hono'
import { actorOf, type DemoUser } from '../directory.js'
import { HttpError, jsonBody } from './errors.js'
import type { SessionEnv } from './session.js'

/**
 * Helpers of the Add credential form, for managers: the parsed public fields of a pasted
 * certificate (the private key never comes here) and the "Use template" skeletons.
 */
export function formRoutes(credentials: Credentials) {
  const api = new Hono<SessionEnv>()
  // Sub-app middleware would apply to every route mounted after it: check in each handler.
  const requireManager = (user: DemoUser) => {
    if (!credentials.canManage(actorOf(user))) {
      throw new HttpError(
        403,
        'FORBIDDEN',
        'Managing credentials needs the Admin or Account Credentials Manager role',
      )
    }
  }

  api.post('/certificates/parse', async (c) => {
    requireManager(c.get('user'))
    const body = await jsonBody(c)
    const pem =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['certificate'] : null
    const metadata = typeof pem === 'string' ? parseCertificateMetadata(pem) : null
    if (!metadata) {
      throw new HttpError(
        400,
        'VALIDATION_FAILED',
        'Invalid input: data.certificate: expected a PEM certificate',
        [{ path: ['data', 'certificate'], message: 'expected a PEM certificate' }],
      )
    }
    const { commonName, altNames, notBefore, notAfter, issuer } = metadata
    return c.json({ commonName, altNames, notBefore, notAfter, issuer })
  })

  api.get('/acme-templates/:provider', (c) => {
    requireManager(c.get('user'))
    const provider = c.req.param('provider')
    if (!(ACME_PROVIDERS as ReadonlyArray<string>).includes(provider)) {
      throw new HttpError(404, 'NOT_FOUND', 'Unknown ACME provider')
    }
    return c.json({ provider, template: acmeTemplate(provider as AcmeProvider) })
  })

  return api
}
