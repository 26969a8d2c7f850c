import { z } from 'zod'
import type { ServiceContext } from '../context/context.js'
import { loadCredential, requireActor, requireManager } from '../context/guards.js'
import { autocommit } from '../context/transact.js'
import { CredentialId } from '../domain/shell.js'
import type { CredentialOption, CredentialView } from '../domain/views.js'
import type { CredentialRecord } from '../model/credential-records.js'
import { CredentialType } from '../model/credential-type.js'
import type { StorageTx } from '../ports/storage-port.js'
import { parseInput } from '../validate.js'
import { decodeCursor, encodeCursor, ListCursor, startCursor } from './list-cursor.js'
import { readView, readViews } from './read-view.js'
import { toOption } from './to-view.js'

const PageLimit = z
  .number({ error: 'expected a number' })
  .int({ error: 'expected a whole number' })
  .min(1, { error: 'must be at least 1' })
  .max(1000, { error: 'must be at most 1000' })

export const ListOptions = z
  .strictObject({
    type: CredentialType.optional(),
    /** `nextCursor` of the previous page. */
    cursor: ListCursor.optional(),
    limit: PageLimit.optional(),
  })
  .nullish()
export type ListOptions = z.input<typeof ListOptions>

/** A page of a list: items in list order and the cursor of the next page. */
export interface Page<T> {
  readonly items: ReadonlyArray<T>
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null
}

/** A page of the Credentials tab: grouped by type (registry, basic auth, TLS, ACME), then by name. */
export type CredentialPage = Page<CredentialView>

export const DEFAULT_LIMIT = 200

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
  return autocommit(ctx, async (tx) => readView(tx, await loadCredential(tx, actor.accountId, id)))
}

/**
 * One page of rows in list order (type, then name case-folded, then id) after `cursor`: a keyset
 * page, so pages never overlap or skip a row that existed throughout, whatever changes between.
 * Live rows, or with `deleted` the soft-deleted ones.
 */
async function pageOfRows(
  tx: Pick<StorageTx, 'credentials'>,
  accountId: string,
  query: {
    type?: CredentialType | undefined
    cursor?: string | undefined
    limit: number
    deleted?: boolean
  },
): Promise<{ rows: CredentialRecord[]; nextCursor: string | null }> {
  const rows = await tx.credentials.list(accountId, {
    type: query.type,
    after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    limit: query.limit + 1,
    deleted: query.deleted,
  })
  const page = rows.slice(0, query.limit)
  const last = page[page.length - 1]
  return { rows: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null }
}

/**
 * The Credentials tab: the account's credentials with per-region statuses, a page at a time,
 * grouped by type, then by name.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN
 */
export async function listCredentials(
  ctx: ServiceContext,
  actorInput: unknown,
  optionsInput?: unknown,
): Promise<CredentialPage> {
  const { accountId, rows, nextCursor } = await managerPage(ctx, actorInput, optionsInput, false)
  return { items: await autocommit(ctx, (tx) => readViews(tx, accountId, rows)), nextCursor }
}

/**
 * A manager's page of the account's live rows, or of its deleted rows, for `ListOptions` as the
 * caller passed them.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN
 */
export async function managerPage(
  ctx: ServiceContext,
  actorInput: unknown,
  optionsInput: unknown,
  deleted: boolean,
): Promise<{ accountId: string; rows: CredentialRecord[]; nextCursor: string | null }> {
  const { accountId } = requireManager(ctx, actorInput)
  const options = parseInput(ListOptions, optionsInput, ['options']) ?? {}
  const page = await autocommit(ctx, (tx) =>
    pageOfRows(tx, accountId, {
      type: options.type,
      cursor: options.cursor,
      limit: options.limit ?? DEFAULT_LIMIT,
      deleted,
    }),
  )
  return { accountId, ...page }
}

export const OptionsQuery = z.strictObject({
  type: CredentialType,
  cursor: ListCursor.optional(),
  limit: PageLimit.optional(),
})
export type OptionsQuery = z.input<typeof OptionsQuery>

/**
 * Entries of a picker select for any member of the account (id, name, description, default
 * flag), a page at a time in name order. For registries the first page starts with the default,
 * which later pages leave out.
 * @throws CredentialsError VALIDATION_FAILED
 */
export async function credentialOptions(
  ctx: ServiceContext,
  actorInput: unknown,
  queryInput: unknown,
): Promise<Page<CredentialOption>> {
  const actor = requireActor(actorInput)
  const query = parseInput(OptionsQuery, queryInput, ['query'])
  const limit = query.limit ?? DEFAULT_LIMIT
  const preferred =
    query.type === 'container-registry'
      ? await autocommit(ctx, (tx) => tx.credentials.getDefault(actor.accountId))
      : null
  if (query.cursor === undefined && preferred !== null) {
    // The first page has room for the default ahead of the others.
    if (limit === 1) return { items: [toOption(preferred)], nextCursor: startCursor(query.type) }
    const { rows, nextCursor } = await autocommit(ctx, (tx) =>
      pageOfRows(tx, actor.accountId, {
        type: query.type,
        limit: limit - 1,
      }),
    )
    const others = rows.filter((row) => row.id !== preferred.id).map(toOption)
    return { items: [toOption(preferred), ...others], nextCursor }
  }
  const { rows, nextCursor } = await autocommit(ctx, (tx) =>
    pageOfRows(tx, actor.accountId, {
      type: query.type,
      cursor: query.cursor,
      limit,
    }),
  )
  return { items: rows.filter((row) => row.id !== preferred?.id).map(toOption), nextCursor }
}
