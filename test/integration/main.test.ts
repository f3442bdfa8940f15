import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startMain } from '../support/process.ts'
import { TestClient } from '../support/http.ts'

const dirs: string[] = []
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })))
})

describe('npm start with no configuration', () => {
  it('runs on the embedded database, seeds the demo team once, and keeps everything across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'switchboard-data-'))
    dirs.push(dataDir)

    const first = await startMain({ DATA_DIR: dataDir })
    expect(await (await fetch(`${first.url}/healthz`)).json()).toMatchObject({ database: 'embedded', telephony: 'simulator' })
    const login = await (await fetch(`${first.url}/login`)).text()
    expect(login).toContain('admin@example.com')
    expect(login).toContain('switchboard')
    const alice = new TestClient(first.url)
    expect((await alice.login('alice@example.com')).status).toBe(303)
    expect((await alice.htmxPost('/presence', { presence: 'online' })).status).toBe(200)
    expect(await first.stop()).toBe(0)

    const second = await startMain({ DATA_DIR: dataDir })
    const sameSession = new TestClient(second.url)
    for (const [name, value] of alice.cookies) sameSession.cookies.set(name, value)
    const panel = await sameSession.get('/panel')
    expect(panel.status).toBe(200)
    const html = await panel.text()
    expect(html).toContain('Alice Agent')
    expect(html).toContain('Go offline')
    expect(second.output.join('')).not.toContain('duplicate')
    const admin = new TestClient(second.url)
    expect((await admin.login('admin@example.com')).status).toBe(303)
    const board = await (await admin.get('/admin/live')).text()
    expect(board.match(/id="board-agent-\d+"/g)).toHaveLength(3)
    for (const name of ['Ada Admin', 'Alice Agent', 'Bob Agent']) expect(board.split(`>${name}</a>`)).toHaveLength(2)
    expect(await second.stop()).toBe(0)
  }, 300_000)

  it('exits non-zero with one line naming a bad variable', async () => {
    await expect(startMain({ PORT: 'abc' }, 15_000)).rejects.toThrow(/exited with 1:\nInvalid configuration: PORT must be a number \(got "abc"\)\n$/)
  })
})
