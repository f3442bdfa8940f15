import { randomUUID } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { pgConfig } from './pg-config.ts'
import { quoteIdent, runAdminSql } from './pg-admin.ts'
import { once } from './once.ts'
import { CharAsTextClient } from './char-as-text-client.ts'

export type ClosableAdapterFactory = SqlMigrationAwareDriverAdapterFactory & { closeAll(): Promise<void> }

// Our own shadow database handling: adapter-pg 7.10 drops the shadow database
// before closing its pool (so the DROP fails), and the engine may never dispose
// the adapters it opened, which would keep the process alive.
export function adapterFactory(url: string): ClosableAdapterFactory {
  const config = { ...pgConfig(url), Client: CharAsTextClient }
  const open = new Set<() => Promise<void>>()
  const track = (adapter: SqlDriverAdapter, afterDispose = async () => {}) => {
    const disposeAdapter = adapter.dispose.bind(adapter)
    const dispose = once(async () => {
      open.delete(dispose)
      await disposeAdapter()
      await afterDispose()
    })
    adapter.dispose = dispose
    open.add(dispose)
    return adapter
  }
  const base = new PrismaPg(config)
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => track(await base.connect()),
    async connectToShadowDb() {
      const name = `sb_shadow_${randomUUID().replaceAll('-', '')}`
      await runAdminSql(url, `CREATE DATABASE ${quoteIdent(name)}`)
      const shadow = await new PrismaPg({ ...config, database: name }).connect()
      return track(shadow, () => runAdminSql(url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`))
    },
    async closeAll() {
      for (const dispose of [...open]) await dispose()
    },
  }
}
