import { fileURLToPath } from 'node:url'

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url))

export const schemaPath = root('prisma/schema.prisma')
export const migrationsDir = root('prisma/migrations')
export const prismaConfigPath = root('prisma/prisma.config.ts')
export const generatedClientDir = root('src/generated/prisma')
