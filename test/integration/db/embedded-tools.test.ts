import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { advertiseRunningDatabase, embeddedDatabaseDir } from '../../../src/db/data-dir.ts'
import { startEmbeddedDatabase } from '../../../src/db/embedded.ts'
import { startBareApp } from '../../support/bare-app.ts'
import { runTool } from '../../support/process.ts'
import { query, tableNames } from './sql.ts'

// One embedded DATA_DIR for the whole file: creating a PGlite cluster takes many seconds.
let dataDir: string
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'switchboard-tools-'))
})
afterAll(() => rm(dataDir, { recursive: true, force: true }))

const migrate = () => runTool(process.execPath, ['--import', 'tsx', 'src/db/cli.ts', 'migrate'], { DATA_DIR: dataDir })
const addAgent = (args: string[], password: string) => runTool('npm', ['run', '--silent', 'agent:add', '--', ...args], { DATA_DIR: dataDir, AGENT_PASSWORD: password })

async function openDataDir() {
  const database = await startEmbeddedDatabase({ dataDir: embeddedDatabaseDir(dataDir) })
  return { url: database.url, kind: 'embedded' as const, close: database.close }
}

describe('npm run db:migrate on the embedded database', () => {
  it('migrates DATA_DIR/pglite, the database the app opens, and leaves no second database in DATA_DIR', async () => {
    const first = await migrate()
    expect(first.stderr).toBe('')
    expect(first.stdout).toMatch(/^applied \d{14}_init$/m)
    expect(await readdir(dataDir)).toEqual(['pglite'])
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true)
    expect((await migrate()).stdout.trim()).toBe('no pending migrations')
    const database = await openDataDir()
    try {
      expect(await tableNames(database.url)).toContain('Agent')
    } finally {
      await database.close()
    }
  }, 240_000)
})

describe('npm run agent:add on the embedded database', () => {
  it('adds an admin to a stopped DATA_DIR, who can then log in to the app', async () => {
    const run = await addAgent(['--email', 'Ann@Team.example', '--name', 'Ann Operator', '--admin'], 'correct horse')
    expect(run.stderr).toBe('')
    expect(run.stdout.trim()).toBe('ann@team.example (admin) added')
    const database = await openDataDir()
    const app = await startBareApp({ database })
    try {
      const browser = app.client()
      expect((await browser.login('ann@team.example', 'correct horse')).status).toBe(303)
      expect(await (await browser.get('/panel')).text()).toContain('Ann Operator (admin)')
      expect(app.warnings.join('\n')).not.toContain('/setup')
    } finally {
      await app.close()
      await database.close()
    }
  }, 120_000)

  it('reaches the running app’s database instead of opening the files a second time', async () => {
    const database = await openDataDir()
    const withdraw = await advertiseRunningDatabase(dataDir, database.url)
    try {
      const run = await addAgent(['--email', 'bob@team.example', '--name', 'Bob'], 'another password')
      expect(run.stderr).toBe('')
      expect(run.stdout.trim()).toBe('bob@team.example (agent) added through the running app')
      expect(await query(database.url, `SELECT email, role FROM "Agent" ORDER BY id`)).toEqual([
        { email: 'ann@team.example', role: 'admin' },
        { email: 'bob@team.example', role: 'agent' },
      ])
    } finally {
      await withdraw()
      await database.close()
    }
    expect(await readdir(dataDir)).toEqual(['pglite'])
  }, 120_000)

  it('opens the files itself when the recorded app is gone', async () => {
    const stale = await advertiseRunningDatabase(dataDir, 'postgres://postgres@127.0.0.1:9/postgres')
    try {
      const run = await addAgent(['--email', 'bob@team.example', '--name', 'Bob Builder'], 'a third password')
      expect(run.stdout.trim()).toBe('bob@team.example (agent) updated')
    } finally {
      await stale()
    }
    const database = await openDataDir()
    try {
      expect(await query(database.url, `SELECT name FROM "Agent" WHERE email = 'bob@team.example'`)).toEqual([{ name: 'Bob Builder' }])
    } finally {
      await database.close()
    }
  }, 120_000)
})
