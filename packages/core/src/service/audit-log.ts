import { z } from 'zod'
import type { AuditEvent } from '../audit/records.js'
import { type AuditChainVerdict, verifyChain } from '../audit/verify-chain.js'
import { parseInput } from '../domain/validate.js'
import { CredentialsError } from '../errors.js'
import { canReadAudit } from '../roles/roles.js'
import { requireActor, type ServiceContext } from './context.js'

export const AuditLogOptions = z
  .strictObject({
    /** `nextCursor` of the previous page. */
    cursor: z.string().regex(/^\d+$/, { error: 'expected a cursor returned by auditLog' }).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .optional()
export type AuditLogOptions = z.input<typeof AuditLogOptions>

export interface AuditPage {
  /** Newest first. */
  readonly events: ReadonlyArray<AuditEvent>
  readonly nextCursor: string | null
}

/**
 * The account's audit log, newest first, for managers and audit roles.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN
 */
export async function auditLog(
  ctx: ServiceContext,
  actorInput: unknown,
  optionsInput?: unknown,
): Promise<AuditPage> {
  const actor = requireActor(actorInput)
  if (!canReadAudit(actor, ctx.roles)) {
    throw new CredentialsError(
      'FORBIDDEN',
      'Reading the audit log requires a credentials manager or audit role',
    )
  }
  const options = parseInput(AuditLogOptions, optionsInput, ['options']) ?? {}
  const limit = options.limit ?? 100
  const events = await ctx.storage.audit.list(actor.accountId, {
    order: 'desc',
    ...(options.cursor === undefined ? {} : { beforeSeq: Number(options.cursor) }),
    limit: limit + 1,
  })
  const page = events.slice(0, limit)
  return { events: page, nextCursor: events.length > limit ? String(page[page.length - 1]!.seq) : null }
}

export const VerifyOptions = z
  .strictObject({
    /** A head seen earlier (`{ seq, hash }`): also detects removal of the newest events. */
    anchor: z
      .strictObject({ seq: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) })
      .optional(),
  })
  .optional()

/**
 * Checks the account's audit hash chain: an altered, removed or re-linked event is reported with
 * its `seq`. For operators (no actor): expose it to users through your own authorisation.
 * @throws CredentialsError VALIDATION_FAILED
 */
export async function verifyAuditChain(
  ctx: ServiceContext,
  accountIdInput: unknown,
  optionsInput?: unknown,
): Promise<AuditChainVerdict> {
  const accountId = parseInput(z.string().min(1).max(128), accountIdInput, ['accountId'])
  const options = parseInput(VerifyOptions, optionsInput, ['options']) ?? {}
  return verifyChain(ctx.storage.audit, accountId, options.anchor ? { anchor: options.anchor } : {})
}
