import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * Files that start app processes on the embedded database take the longest (tens of seconds each). A fresh
 * clone has no timings cached, so vitest would order by file size and these small files would start last,
 * leaving one worker busy alone at the end. They start first; the rest keep vitest's own order.
 */
const slowFirst = [
  'test/integration/db/embedded-tools.test.ts',
  'test/integration/main.test.ts',
  'test/integration/agents/cli.test.ts',
  'test/e2e/panel.test.ts',
  'test/integration/multi/instances.test.ts',
]

export class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const found = slowFirst.findIndex((path) => file.moduleId.endsWith(path))
      return found === -1 ? slowFirst.length : found
    }
    return (await super.sort(files)).map((file, order) => ({ file, order })).sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order).map(({ file }) => file)
  }
}
