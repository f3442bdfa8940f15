import pg from 'pg'
import { pgConfig } from './pg-config.ts'

export async function runAdminSql(url: string, sql: string): Promise<void> {
  const client = new pg.Client(pgConfig(url))
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`
