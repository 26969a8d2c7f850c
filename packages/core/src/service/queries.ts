import { z } from 'zod'
import { CREDENTIAL_TYPES, CredentialType } from '../domain/credential-type.js'
import { CredentialId } from '../domain/shell.js'
import { parseInput } from '../domain/validate.js'
import type { CredentialOption, CredentialView } from '../domain/views.js'
import { loadCredential, requireActor, requireManager, type ServiceContext } from './context.js'
import { readView, readViews } from './read-view.js'
import { toOption } from './to-view.js'

export const ListOptions = z
  .strictObject({
    type: CredentialType.optional(),
    /** `nextCursor` of the previous page. */
    cursor: z.string().max(256).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .optional()
export type ListOptions = z.input<typeof ListOptions>

export interface CredentialPage {
  /** Grouped by type (registry, basic auth, TLS, ACME), then by name. */
  readonly items: ReadonlyArray<CredentialView>
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null
}

/**
 * One credential with its per-region status (managers: the Credentials tab).
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | NOT_FOUND
 */
export async function getCredential(
  ctx: ServiceContext,
  actorInput: unknown,
  idInput: unknown,
): Promise<CredentialView> {
  const actor = requireManager(ctx, actorInput)
  const id = parseInput(CredentialId, idInput, ['id'])
  return readView(ctx.storage, await loadCredential(ctx.storage, actor.accountId, id))
}

/**
 * The Credentials tab: the account's credentials with per-region statuses, a page at a time.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN
 */
export async function listCredentials(
  ctx: ServiceContext,
  actorInput: unknown,
  optionsInput?: unknown,
): Promise<CredentialPage> {
  const actor = requireManager(ctx, actorInput)
  const options = parseInput(ListOptions, optionsInput, ['options']) ?? {}
  const limit = options.limit ?? 200
  const rows = await ctx.storage.credentials.list(actor.accountId, {
    type: options.type,
    after: options.cursor,
    limit: limit + 1,
  })
  const page = rows.slice(0, limit)
  const items = await readViews(ctx.storage, actor.accountId, page)
  items.sort(byTypeThenName)
  return { items, nextCursor: rows.length > limit ? page[page.length - 1]!.id : null }
}

function byTypeThenName(a: { type: string; name: string }, b: { type: string; name: string }): number {
  const byType = CREDENTIAL_TYPES.indexOf(a.type as never) - CREDENTIAL_TYPES.indexOf(b.type as never)
  return byType || a.name.localeCompare(b.name, 'en', { sensitivity: 'base' })
}

export const OptionsQuery = z.strictObject({ type: CredentialType })

/**
 * Entries of a picker select for any member of the account: id, name, description, default flag.
 * Registries list the default first.
 * @throws CredentialsError VALIDATION_FAILED
 */
export async function credentialOptions(
  ctx: ServiceContext,
  actorInput: unknown,
  queryInput: unknown,
): Promise<CredentialOption[]> {
  const actor = requireActor(actorInput)
  const { type } = parseInput(OptionsQuery, queryInput, ['query'])
  const rows = await ctx.storage.credentials.list(actor.accountId, { type })
  return rows.map(toOption).sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || byTypeThenName(a, b))
}
