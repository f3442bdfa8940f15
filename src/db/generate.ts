import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generatedClientDir, prismaConfigPath, schemaPath } from './paths.ts'

const stampPath = join(generatedClientDir, '.schema-hash')
const prismaCli = fileURLToPath(import.meta.resolve('prisma/build/index.js'))

async function inputsHash(): Promise<string> {
  const prismaPackage = await readFile(fileURLToPath(import.meta.resolve('prisma/package.json')), 'utf8')
  const { version } = JSON.parse(prismaPackage) as { version: string }
  const hash = createHash('sha256').update(version)
  for (const input of [schemaPath, prismaConfigPath]) hash.update(await readFile(input))
  return hash.digest('hex')
}

// prisma generate only checks that a schema engine binary exists; it never runs it,
// and without one it would try to download it.
function runPrismaGenerate(): void {
  const env = {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/true',
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  }
  const run = spawnSync(process.execPath, [prismaCli, 'generate', '--config', prismaConfigPath], { env, encoding: 'utf8' })
  if (run.status === 0) return
  process.stderr.write(run.stdout + run.stderr)
  throw new Error(`prisma generate failed (${run.error?.message ?? `exit ${run.status}`})`)
}

async function generateClient(): Promise<void> {
  const hash = await inputsHash()
  const stamp = await readFile(stampPath, 'utf8').catch(() => '')
  if (stamp === hash && existsSync(join(generatedClientDir, 'client.ts'))) return
  await rm(stampPath, { force: true })
  runPrismaGenerate()
  await writeFile(stampPath, hash)
}

generateClient().catch((error: unknown) => {
  console.error(`db:generate: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
