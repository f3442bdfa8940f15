import { describe, expect, it } from 'vitest'
import { freshDatabase } from '../../support/database.ts'
import { query, tableNames } from './sql.ts'

describe('freshDatabase', () => {
  it('gives a migrated database of the kind TEST_DATABASE_URL asks for, and drops it on close', async () => {
    const database = await freshDatabase()
    expect(database.kind).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded')
    expect(await tableNames(database.url)).toContain('Call')
    await database.close()
    if (database.kind === 'postgres') {
      const name = new URL(database.url).pathname.slice(1)
      const server = process.env.TEST_DATABASE_URL ?? ''
      expect(await query(server, `SELECT 1 FROM pg_database WHERE datname = '${name}'`)).toEqual([])
    }
  })
})
