import { credkitProject } from '../../vitest.project.js'

export default credkitProject({
  name: 'postgres',
  // Starts a throwaway cluster unless DATABASE_URL is set; every test gets its own database.
  globalSetup: ['./test/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
})
