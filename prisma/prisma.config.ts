import { defineConfig } from 'prisma/config'

// Used by src/db/generate.ts, and by `prisma migrate deploy --config prisma/prisma.config.ts` where the native CLI works.
export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL },
})
