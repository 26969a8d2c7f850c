import { credkitProject } from '../../vitest.project.js'

export default credkitProject({ name: 'docs', include: ['*.test.ts'], testTimeout: 30_000 })
