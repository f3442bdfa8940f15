import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createPrisma } from '../../../src/db/client.ts'
import { startEmbeddedDatabase } from '../../../src/db/embedded.ts'
import { applyMigrations } from '../../../src/db/schema-engine.ts'

describe('embedded database with a data directory', () => {
  let tempDir: string | undefined
  afterAll(() => tempDir && rm(tempDir, { recursive: true, force: true }))

  async function withEmbedded<T>(work: (url: string) => Promise<T>): Promise<T> {
    tempDir ??= await mkdtemp(join(tmpdir(), 'sb-embedded-'))
    const database = await startEmbeddedDatabase({ dataDir: join(tempDir, 'data') })
    try {
      return await work(database.url)
    } finally {
      await database.close()
    }
  }

  it('keeps data written through Prisma across close and a second start', async () => {
    await withEmbedded(async (url) => {
      await applyMigrations(url)
      const prisma = createPrisma(url)
      await prisma.agent.create({ data: { name: 'Alice', email: 'alice@example.com', passwordHash: 'x' } })
      await prisma.$disconnect()
    })
    const alice = await withEmbedded(async (url) => {
      expect(await applyMigrations(url)).toEqual([])
      const prisma = createPrisma(url)
      const agent = await prisma.agent.findUnique({ where: { email: 'alice@example.com' } })
      await prisma.$disconnect()
      return agent
    })
    expect(alice).toMatchObject({ name: 'Alice', role: 'agent', presence: 'offline' })
  }, 120_000)
})
