// Quick start: credkit on its embedded defaults (PGlite + simulated regions). `npm start` runs it;
// run it twice and the second run finds what the first one stored.
import { type CreateCredentialInput, createCredentials, isCredentialsError } from '@credkit/core'
import { createMemoryRegions } from '@credkit/memory'
import { openKeys, openStorage } from './storage.js'

const DATA_DIR = process.env['CREDKIT_DATA_DIR'] ?? '.data/quickstart'
const say = (line = '') => process.stdout.write(`${line}\n`)

const { storage, where, close } = await openStorage(DATA_DIR)
const regions = createMemoryRegions({ regions: ['eu-west', 'us-east'], acmeIssuance: 'instant' })
const credentials = createCredentials({ storage, regions, keys: openKeys(DATA_DIR) })
const admin = { accountId: 'acme-corp', userId: 'alice', roles: ['admin'] }
const member = { accountId: 'acme-corp', userId: 'bob', roles: ['member'] }
say(`storage: ${where}`)

// Before the first deploy to a region, every credential is pushed there.
const prepared = await credentials.prepareRegion('acme-corp', 'eu-west')
say(`eu-west prepared: ${prepared.credentials.length} credential(s) in place`)

const wanted: CreateCredentialInput[] = [
  {
    type: 'container-registry',
    name: 'GitHub packages',
    data: { server: 'https://ghcr.io/', username: 'deploy-bot', password: 'ghp_example_token' },
  },
  {
    type: 'container-registry',
    name: 'Docker Hub',
    data: { server: 'docker.io', email: 'ops@acme.example', username: 'acme', password: 'dckr_pat_example' },
  },
  {
    type: 'basic-auth',
    name: 'Staging gate',
    data: { username: 'staging', password: 'correct horse battery' },
  },
]
const existing = new Set((await credentials.list(admin)).items.map((view) => `${view.type}/${view.name}`))
for (const input of wanted) {
  if (existing.has(`${input.type}/${input.name}`)) {
    say(`found ${input.type} "${input.name}" from an earlier run`)
    continue
  }
  const view = await credentials.create(admin, input)
  const isDefault = view.type === 'container-registry' && view.data.isDefault
  say(`created ${view.type} "${view.name}"${isDefault ? ' (first registry: the account default)' : ''}`)
}

// The outbox worker pushes every change to every active region.
const run = await credentials.runDueJobs()
say(`sync worker: ${run.synced} push(es), ${run.failed} failure(s)`)

const page = await credentials.list(admin)
say(`\nCredentials tab (${page.items.length}):`)
for (const view of page.items) {
  const sync = view.sync.map((s) => `${s.region}: ${s.state} v${s.version ?? '-'}`).join(', ')
  say(`  ${view.type.padEnd(20)} ${view.name.padEnd(16)} v${view.version}  [${sync}]`)
}

const picker = await credentials.options(member, { type: 'container-registry' })
say(
  `\na member's registry select: ${picker.items.map((o) => `${o.name}${o.isDefault ? ' (default)' : ''}`).join(', ')}`,
)
const runtime = await credentials.resolveRegistry(member, { purpose: 'runtime' })
const build = await credentials.resolveRegistry(member, { purpose: 'build' })
say(
  `runtime pulls use: ${runtime.credential?.name ?? 'nothing'} (${runtime.source}); builds: ${build.credential?.name ?? 'nothing'} (${build.source})`,
)

const gate = page.items.find((view) => view.type === 'basic-auth')!
const secrets = await credentials.reveal(admin, gate.id)
if (secrets.type === 'basic-auth') {
  say(
    `\nrevealed: prints as ${String(secrets.password)}; reveal() gives ${secrets.password.reveal().length} characters`,
  )
}
try {
  await credentials.reveal(member, gate.id)
} catch (error) {
  if (isCredentialsError(error)) say(`a member trying to reveal: ${error.code}`)
}

// History: a password change that broke a deploy, rolled back to the version before it.
await credentials.update(admin, gate.id, { data: { password: `rotated-${Date.now()}` } })
const history = (await credentials.history(admin, gate.id, { limit: 3 })).items
const previous = history[1]!
const back = await credentials.rollback(admin, gate.id, { toVersion: previous.version })
say(
  `\nhistory of "${gate.name}": ${history.map((e) => `v${e.version} (${e.fields.join(', ') || 'not recorded'})`).join(', ')}`,
)
say(`rolled back to the content of v${previous.version}, as v${back.version}`)

// Soft delete: gone from every list and region, restorable for 7 days.
const hub = page.items.find((view) => view.name === 'Docker Hub')!
await credentials.delete(admin, hub.id)
const [deleted] = (await credentials.listDeleted(admin)).items
say(`deleted "${deleted?.name}": restorable until ${deleted?.purgeAfter.toISOString()}`)
const restored = await credentials.restore(admin, hub.id)
say(`restored "${restored.name}" (v${restored.version}); it is pushed to every region again`)
await credentials.runDueJobs()

const audit = await credentials.auditLog(admin, { limit: 8 })
say('\naudit log (newest first):')
for (const event of audit.events) {
  const what = [event.credential?.name, event.region, event.fields?.join(', ')].filter(Boolean).join(' · ')
  say(`  #${String(event.seq).padEnd(3)} ${event.action.padEnd(30)} ${what}`)
}
const verdict = await credentials.verifyAuditChain('acme-corp')
say(`audit chain: ${verdict.ok ? `intact (${verdict.events} events)` : `broken at #${verdict.brokenAt}`}`)
say(`\ndata kept in ${DATA_DIR} (delete it to start over)`)
await close()
