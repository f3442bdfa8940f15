import pg from 'pg'
import { pgConfig } from '../../../src/db/pg-config.ts'

export async function query<Row extends pg.QueryResultRow>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client(pgConfig(url))
  await client.connect()
  try {
    return (await client.query<Row>(sql)).rows
  } finally {
    await client.end()
  }
}

export async function tableNames(url: string): Promise<string[]> {
  const rows = await query<{ name: string }>(url, `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)
  return rows.map((row) => row.name)
}
