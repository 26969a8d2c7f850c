// Quick start: credkit core wired to the in-memory adapters. `npm start` runs it.
import { createCredentials, createLocalKeyring, generateKey, isCredentialsError } from '@credkit/core'
import { createMemoryRegions, createMemoryStorage } from '@credkit/memory'

const storage = createMemoryStorage()
const regions = createMemoryRegions({ regions: ['eu-west', 'us-east'] })
const keys = createLocalKeyring({ keys: { '2026-11': generateKey() }, primary: '2026-11' })
const credentials = createCredentials({ storage, regions, keys })

const admin = { accountId: 'acme-corp', userId: 'alice', roles: ['admin'] }
const member = { accountId: 'acme-corp', userId: 'bob', roles: ['member'] }
const say = (line: string) => process.stdout.write(`${line}\n`)

await storage.sync.addRegion('acme-corp', 'eu-west')

const ghcr = await credentials.create(admin, {
  type: 'container-registry',
  name: 'GitHub packages',
  data: { server: 'https://ghcr.io/', username: 'deploy-bot', password: 'ghp_example_token' },
})
say(`created ${ghcr.type} "${ghcr.name}" → server ${ghcr.data.server}, default: ${ghcr.data.isDefault}`)

const hub = await credentials.create(admin, {
  type: 'container-registry',
  name: 'Docker Hub',
  data: { server: 'docker.io', email: 'ops@acme.example', username: 'acme', password: 'dckr_pat_example' },
})
say(`created ${hub.type} "${hub.name}" (second registry: not promoted automatically)`)

const gate = await credentials.create(admin, {
  type: 'basic-auth',
  name: 'Staging gate',
  data: { username: 'staging', password: 'correct horse battery staple' },
})
say(`created ${gate.type} "${gate.name}"`)

const page = await credentials.list(admin)
say(`\nCredentials tab (${page.items.length}):`)
for (const view of page.items) {
  const sync = view.sync.map((s) => `${s.region}: ${s.state}`).join(', ') || 'no region yet'
  say(`  ${view.type.padEnd(20)} ${view.name.padEnd(16)} v${view.version}  [${sync}]`)
}

say(
  `\na member's picker: ${(await credentials.options(member, { type: 'container-registry' })).map((o) => `${o.name}${o.isDefault ? ' (default)' : ''}`).join(', ')}`,
)
const runtime = await credentials.resolveRegistry(member, { purpose: 'runtime' })
const build = await credentials.resolveRegistry(member, { purpose: 'build' })
say(
  `runtime pulls use: ${runtime.credential?.name ?? 'nothing'} (${runtime.source}); builds use: ${build.credential?.name ?? 'nothing'} (${build.source})`,
)

const secrets = await credentials.reveal(admin, gate.id)
if (secrets.type === 'basic-auth') {
  say(
    `\nrevealed fields print as ${String(secrets.password)}; reveal() gives ${secrets.password.reveal().length} characters`,
  )
}

try {
  await credentials.reveal(member, gate.id)
} catch (error) {
  if (isCredentialsError(error)) say(`a member trying to reveal: ${error.code}`)
}

const audit = await credentials.auditLog(admin)
say(`\naudit log (newest first):`)
for (const event of audit.events) {
  say(
    `  #${event.seq} ${event.action.padEnd(24)} ${event.credential?.name ?? ''} ${event.fields ? `[${event.fields.join(', ')}]` : ''}`,
  )
}
const verdict = await credentials.verifyAuditChain('acme-corp')
say(`audit chain: ${verdict.ok ? `intact (${verdict.events} events)` : `broken at #${verdict.brokenAt}`}`)
