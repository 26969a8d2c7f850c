import { credkitProject } from '../../vitest.project.js'

export default credkitProject({ name: 'testing' })
