import { z } from 'zod'
import type { ServiceContext } from '../context/context.js'
import { loadCredential, requireActor } from '../context/guards.js'
import { autocommit } from '../context/transact.js'
import { CredentialId } from '../domain/shell.js'
import type { CredentialOption } from '../domain/views.js'
import { validationFailed } from '../errors.js'
import { parseInput } from '../validate.js'
import { toOption } from './to-view.js'

export const ResolveRegistryQuery = z.strictObject({
  selectedId: CredentialId.nullable().optional(),
  purpose: z.enum(['runtime', 'build'], { error: 'expected "runtime" or "build"' }),
})
export type ResolveRegistryQuery = z.input<typeof ResolveRegistryQuery>

export interface RegistryResolution {
  readonly credential: CredentialOption | null
  /** `selected`: the app's own choice; `default`: the account default (runtime only); `none`. */
  readonly source: 'selected' | 'default' | 'none'
}

/**
 * Which registry credential an app pulls with. An explicit selection wins; otherwise `runtime`
 * image pulls fall back to the account default, while `build` pulls never do (a build must not
 * silently pull base images with another login).
 * @throws CredentialsError VALIDATION_FAILED | NOT_FOUND
 */
export async function resolveRegistry(
  ctx: ServiceContext,
  actorInput: unknown,
  queryInput: unknown,
): Promise<RegistryResolution> {
  const actor = requireActor(actorInput)
  const query = parseInput(ResolveRegistryQuery, queryInput, ['query'])
  const selectedId = query.selectedId
  if (selectedId) {
    const record = await autocommit(ctx, (tx) => loadCredential(tx, actor.accountId, selectedId))
    if (record.type !== 'container-registry') {
      throw validationFailed([
        { path: ['query', 'selectedId'], message: 'must name a container-registry credential' },
      ])
    }
    return { credential: toOption(record), source: 'selected' }
  }
  if (query.purpose === 'build') return { credential: null, source: 'none' }
  const fallback = await autocommit(ctx, (tx) => tx.credentials.getDefault(actor.accountId))
  return fallback
    ? { credential: toOption(fallback), source: 'default' }
    : { credential: null, source: 'none' }
}
