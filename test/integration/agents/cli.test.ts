import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDatabase, type TestDatabase } from '../../support/database.ts'
import { startBareApp } from '../../support/bare-app.ts'
import { runTool } from '../../support/process.ts'
import { query } from '../db/sql.ts'

// TEST_DATABASE_URL's server when set, else an in-memory PGlite: either way a postgres:// URL, as DATABASE_URL is.
let database: TestDatabase
beforeAll(async () => {
  database = await freshDatabase()
})
afterAll(() => database.close())

const addAgent = (args: string[], env: Record<string, string>) => runTool(process.execPath, ['--import', 'tsx', 'src/agents/cli.ts', ...args], env)

describe('npm run agent:add with DATABASE_URL', () => {
  it('adds an agent who can log in, and updates them when run again', async () => {
    const added = await addAgent(['--email', 'cleo@team.example', '--name', 'Cleo'], { DATABASE_URL: database.url, AGENT_PASSWORD: 'first password' })
    expect(added.stderr).toBe('')
    expect(added.stdout.trim()).toBe('cleo@team.example (agent) added')
    const updated = await addAgent(['--email', 'cleo@team.example', '--name', 'Cleo Admin', '--admin'], { DATABASE_URL: database.url, AGENT_PASSWORD: 'second password' })
    expect(updated.stdout.trim()).toBe('cleo@team.example (admin) updated')
    expect(await query(database.url, `SELECT name, role FROM "Agent"`)).toEqual([{ name: 'Cleo Admin', role: 'admin' }])

    const app = await startBareApp({ database })
    try {
      expect((await app.client().login('cleo@team.example', 'first password')).status).toBe(401)
      const browser = app.client()
      expect((await browser.login('cleo@team.example', 'second password')).status).toBe(303)
      expect(await (await browser.get('/panel')).text()).toContain('Cleo Admin (admin)')
    } finally {
      await app.close()
    }
  }, 120_000)

  it('refuses bad input with one clear line and changes nothing', async () => {
    const env = { DATABASE_URL: database.url, AGENT_PASSWORD: 'long enough password' }
    const cases: [string[], Record<string, string>, string][] = [
      [['--email', 'not-an-email', '--name', 'X'], env, 'agent:add: Email must be an email address like ann@team.example.'],
      [['--email', 'x@team.example', '--name', 'X'.repeat(10_000)], env, 'agent:add: Name must be at most 100 characters.'],
      [['--email', 'x@team.example', '--name', 'X'], { ...env, AGENT_PASSWORD: 'short' }, 'agent:add: Password must be at least 10 characters.'],
      [['--email', 'x@team.example', '--name', 'X'], { DATABASE_URL: database.url }, 'agent:add: set AGENT_PASSWORD (no terminal to ask for the password on)'],
      [['--email', 'x@team.example', '--name', 'X'], { ...env, DATABASE_URL: 'mysql://db/x' }, 'agent:add: DATABASE_URL must be a postgres:// URL'],
      [['--email', 'x@team.example', '--name', 'X', '--role', 'boss'], env, "agent:add: Unknown option '--role'"],
    ]
    for (const [args, environment, line] of cases) {
      const run = await addAgent(args, environment)
      expect(run.status, line).toBe(1)
      expect(run.stderr.split('\n')[0], line).toContain(line)
    }
    expect(await query(database.url, `SELECT email FROM "Agent" WHERE email = 'x@team.example'`)).toEqual([])
  }, 180_000)
})
