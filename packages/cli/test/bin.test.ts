import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'

const exec = promisify(execFile)
const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url))

// `npx credkit --help` from the repository root right after `npm install`: the bin npm linked runs
// the TypeScript sources through tsx when there is no build. `--no-install`: never fetch a package
// of that name from the registry.
test('npx credkit --help works from the repository root', async () => {
  const { stdout } = await exec('npx', ['--no-install', 'credkit', '--help'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp' },
  })
  expect(stdout).toContain('Usage: credkit [options] [command]')
  for (const command of ['migrate', 'rotate-keys', 'status', 'expiring', 'verify-audit', 'sync'])
    expect(stdout).toContain(`  ${command}`)
})
