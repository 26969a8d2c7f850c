import { credkitProject } from '../../vitest.project.js'

// Browser tests drive one Chromium each and the smoke test runs `npm start`: files run one at a time
// so they do not compete for the machine's cores.
export default credkitProject({
  name: 'example-platform',
  testTimeout: 60_000,
  hookTimeout: 90_000,
  fileParallelism: false,
})
