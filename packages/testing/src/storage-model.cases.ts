import type { StorageTx } from '@credkit/core'
import { comparePositions, positionOf } from '@credkit/core'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import { open } from './conformance-ops.js'
import { makeRecord, testId } from './records.js'
import type { FixtureRef } from './storage-reader.js'

type Kind = 'basic-auth' | 'container-registry'
type ModelRow = { id: string; name: string; type: Kind; isDefault: boolean; version: number }
type Step = { write: ModelRow | null; remove: ModelRow | null; abort: boolean }

const NAMES = ['alpha', 'Alpha', 'beta', 'gamma']
const TYPES: ReadonlyArray<Kind> = ['basic-auth', 'container-registry']

type OpValue = {
  kind: 'insert' | 'update' | 'delete'
  row: number
  name: number
  type: number
  isDefault: boolean
  abort: boolean
}

const op: fc.Arbitrary<OpValue> = fc.record({
  kind: fc.constantFrom<OpValue['kind'][]>('insert', 'update', 'delete'),
  row: fc.nat(9),
  name: fc.nat(3),
  type: fc.nat(1),
  isDefault: fc.boolean(),
  abort: fc.boolean(),
})

/** Which unique rule the model says `row` breaks. */
function violation(model: Map<string, ModelRow>, row: ModelRow): 'name' | 'isDefault' | null {
  const others = [...model.values()].filter((other) => other.id !== row.id)
  if (others.some((o) => o.type === row.type && o.name.toLowerCase() === row.name.toLowerCase()))
    return 'name'
  if (row.isDefault && others.some((o) => o.isDefault)) return 'isDefault'
  return null
}

function plan(model: Map<string, ModelRow>, o: OpValue): Step {
  const rows = [...model.values()]
  const target = rows[o.row % Math.max(rows.length, 1)]
  if (o.kind === 'insert') {
    const type = TYPES[o.type]!
    const row = {
      id: testId('m'),
      name: NAMES[o.name]!,
      type,
      isDefault: type === 'container-registry' && o.isDefault,
      version: 1,
    }
    return { write: row, remove: null, abort: o.abort }
  }
  if (!target) return { write: null, remove: null, abort: o.abort }
  if (o.kind === 'delete') return { write: null, remove: target, abort: o.abort }
  const isDefault = target.type === 'container-registry' && o.isDefault
  return {
    write: { ...target, name: NAMES[o.name]!, isDefault, version: target.version + 1 },
    remove: null,
    abort: o.abort,
  }
}

async function apply(
  tx: StorageTx,
  accountId: string,
  model: Map<string, ModelRow>,
  step: Step,
): Promise<void> {
  if (step.write && !model.has(step.write.id)) {
    await tx.credentials.insert(
      makeRecord({ accountId, ...step.write, publicData: { username: 'u' } as never }),
    )
  } else if (step.write) {
    const stored = await tx.credentials.get(accountId, step.write.id)
    const { name, isDefault, version } = step.write
    expect(stored?.version).toBe(version - 1)
    await tx.credentials.update({ ...stored!, name, isDefault, version })
  }
  if (step.remove) {
    expect(await tx.credentials.get(accountId, step.remove.id)).not.toBeNull()
    await tx.credentials.delete(accountId, step.remove.id)
  }
  if (step.abort) throw new Error('abort')
}

export function modelCases(fixture: FixtureRef): void {
  it('behaves like a plain Map model under random inserts, updates, deletes and aborted transactions', async () => {
    const { storage, port } = open(fixture())
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const accountId = testId('acct')
        const model = new Map<string, ModelRow>()
        for (const o of ops) {
          const step = plan(model, o)
          const rule = step.write ? violation(model, step.write) : null
          const outcome = await port
            .withTransaction((tx) => apply(tx, accountId, model, step))
            .then(
              () => null,
              (error: unknown) => error,
            )
          if (rule) {
            // The store's constraint backs the rule up: a retryable CONFLICT, the transaction undone.
            expect(outcome).toMatchObject({ code: 'CONFLICT', retryable: true })
          } else if (step.abort) {
            expect(outcome).toMatchObject({ message: 'abort' })
          } else {
            expect(outcome).toBeNull()
            if (step.write) model.set(step.write.id, step.write)
            if (step.remove) model.delete(step.remove.id)
          }
          const stored = (await storage.credentials.list(accountId)).map(
            ({ id, name, type, isDefault, version }) => ({
              id,
              name,
              type,
              isDefault,
              version,
            }),
          )
          expect(stored).toEqual(
            [...model.values()].sort((a, b) => comparePositions(positionOf(a), positionOf(b))),
          )
        }
      }),
      { numRuns: 25 },
    )
  })
}
