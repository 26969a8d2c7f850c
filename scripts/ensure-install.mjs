// Installs the workspace's npm packages when they are missing, so `npm test` and `npm start`
// work as the very first command on a fresh clone.
import { execSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const marker = 'node_modules/.package-lock.json'
if (!existsSync(marker)) {
  const cmd = existsSync('package-lock.json') ? 'npm ci' : 'npm install'
  process.stderr.write(`credkit: node_modules missing, running ${cmd}\n`)
  execSync(`${cmd} --no-audit --no-fund`, { stdio: 'inherit' })
}
