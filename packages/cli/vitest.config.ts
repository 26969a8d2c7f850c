import { credkitProject } from '../../vitest.project.js'

export default credkitProject({
  name: 'cli',
  // The Postgres package's setup: a throwaway cluster (unless DATABASE_URL is set) and a migrated
  // template database; the tests run `credkit` as child processes against copies of it. Then the
  // CLI bundled once from its sources, so each child starts fast.
  globalSetup: ['../postgres/test/global-setup.ts', './test/build-cli.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
})
