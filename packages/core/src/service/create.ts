import { appendAuditEvent } from '../audit/append-event.js'
import type { ServiceContext } from '../context/context.js'
import { auditRef, requireManager, userActor } from '../context/guards.js'
import { transact } from '../context/transact.js'
import { type BuiltBody, type KindContext, kindOf } from '../domain/kinds/index.js'
import { sealSecret } from '../domain/secrets.js'
import { CreateCredentialShell } from '../domain/shell.js'
import type { CredentialView } from '../domain/views.js'
import { isCredentialsError, type ValidationIssue, validationFailed } from '../errors.js'
import type { CredentialRecord } from '../model/credential-records.js'
import { CredentialType } from '../model/credential-type.js'
import { enqueueApply } from '../sync/outbox.js'
import { checkInput } from '../validate.js'
import { demoteDefault } from './default-registry.js'
import { toView } from './to-view.js'
import { assertNameFree } from './unique-name.js'

/**
 * Creates a credential: validates the shell and the body, seals the secret fields, stores the row,
 * enqueues a push to every active region and writes the audit event, all in one transaction
 * (the sealing, a KeyPort call, runs before it).
 * The first registry of an account becomes the default whatever `isDefault` says.
 * @throws CredentialsError VALIDATION_FAILED | FORBIDDEN | CONFLICT | AUDIT_FAILED | CRYPTO_FAILED
 */
export async function createCredential(
  ctx: ServiceContext,
  actorInput: unknown,
  input: unknown,
): Promise<CredentialView> {
  const actor = requireManager(ctx, actorInput)
  const { shell, body } = validateCreate(input, { now: ctx.clock.now(), acme: ctx.acme })
  const accountId = actor.accountId
  // Key work before the transaction: no connection or account lock is held while the KeyPort
  // answers, and a retried transaction reuses the sealed envelope.
  const id = ctx.random.id()
  const sealed = await sealSecret(
    ctx,
    { accountId, credentialId: id, type: shell.type, secretVersion: 1 },
    body.secret!,
  )

  return transact(ctx, accountId, async (tx) => {
    const now = ctx.clock.now()
    const by = { actor: userActor(actor), userId: actor.userId }
    let isDefault = false
    if (shell.type === 'container-registry') {
      const first =
        (await tx.credentials.list(accountId, { type: 'container-registry', limit: 1 })).length === 0
      isDefault = first || shell.isDefault === true
      if (isDefault && !first) await demoteDefault(tx, ctx, accountId, by)
    }
    const record: CredentialRecord = {
      id,
      accountId,
      type: shell.type,
      name: shell.name,
      description: shell.description,
      version: 1,
      isDefault,
      publicData: body.publicData,
      hostNames: body.hostNames,
      envelope: sealed.envelope,
      keyId: sealed.keyId,
      secretVersion: 1,
      createdAt: now,
      createdBy: actor.userId,
      updatedAt: now,
      updatedBy: actor.userId,
      updatedFields: createdFields(shell.description, body.fields),
      deletedAt: null,
      deletedBy: null,
      purgeAfter: null,
    }
    await assertNameFree(tx, record)
    await tx.credentials.insert(record)
    const pushed = await enqueueApply(tx, ctx, record, 'created', { fresh: true })
    await appendAuditEvent(tx, ctx, accountId, {
      actor: by.actor,
      action: 'credential.created',
      credential: auditRef(record),
      fields: [...record.updatedFields],
      outcome: 'success',
    })
    if (isDefault) {
      await appendAuditEvent(tx, ctx, accountId, {
        actor: by.actor,
        action: 'credential.default-set',
        credential: auditRef(record),
        outcome: 'success',
        message: shell.isDefault ? null : 'First registry of the account: promoted automatically',
      })
    }
    return toView(record, pushed.regions, pushed.statuses)
  })
}

/** The fields a create sets: the name, the description when given, and the body's fields. */
function createdFields(description: string | null, bodyFields: ReadonlyArray<string>): string[] {
  return [...(description ? ['name', 'description'] : ['name']), ...bodyFields]
}

/** Validates shell and body together so a form gets every issue at once. */
function validateCreate(input: unknown, context: KindContext) {
  // `data` is checked by its kind below, with its own unknown fields.
  const shell = checkInput(
    CreateCredentialShell,
    input,
    [],
    (path) => path.length === 1 && path[0] === 'data',
  )
  const issues: ValidationIssue[] = shell.success ? [] : shell.issues
  const type = CredentialType.safeParse((input as { type?: unknown } | null)?.type)
  let body: BuiltBody<CredentialType> | undefined
  if (type.success) {
    try {
      body = kindOf(type.data).create((input as { data?: unknown }).data, context)
    } catch (error) {
      if (!isCredentialsError(error, 'VALIDATION_FAILED')) throw error
      for (const issue of error.issues) issues.push(issue)
    }
  }
  if (shell.success && shell.data.isDefault && shell.data.type !== 'container-registry') {
    issues.push({ path: ['isDefault'], message: 'only container-registry credentials can be the default' })
  }
  if (!shell.success || !body || issues.length > 0) throw validationFailed(issues)
  return { shell: shell.data, body }
}
