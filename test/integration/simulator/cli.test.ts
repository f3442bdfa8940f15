import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { projectRoot } from '../../../src/paths.ts'
import type { Harness } from './harness.ts'
import { startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
  // A long Gather timeout: the CLI polls the call every 200 ms.
  h.on('voice', twiml('<Gather input="dtmf speech" numDigits="1" timeout="1000" speechTimeout="auto" action="/hooks/menu"><Say>Press 1 or say sales</Say></Gather>'))
  h.on('menu', twiml('<Say>Goodbye</Say><Hangup/>'))
})
afterEach(() => h.close())

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** `npm run call -- …` as a person runs it, with only the given PORT / PUBLIC_URL. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const { PORT, PUBLIC_URL, ...inherited } = process.env
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', ...args], { cwd: projectRoot, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const out = { stdout: '', stderr: '' }
  child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()))
  const killer = setTimeout(() => child.kill('SIGKILL'), 25_000)
  return new Promise((resolve) => child.once('exit', (code) => {
    clearTimeout(killer)
    resolve({ code, ...out })
  }))
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

describe('npm run call', () => {
  it('--press reaches the <Gather> once it listens, and the CLI ends with the call', async () => {
    const run = await runCli(['--url', `${h.base}/sim`, '--from', '+15551230042', '--press', '1'])
    expect(run.code).toBe(0)
    const menu = await h.waitForRequest('menu')
    expect(menu.params).toMatchObject({ From: '+15551230042', Digits: '1' })
    expect(run.stdout).toContain('Listening for keys or speech')
    expect(run.stdout).toContain('Said: "Goodbye"')
  })

  it('--say reaches a speech <Gather>, finding the simulator through PORT', async () => {
    const run = await runCli(['--say', 'sales'], { PORT: new URL(h.base).port })
    expect(run.code).toBe(0)
    expect((await h.waitForRequest('menu')).params.SpeechResult).toBe('Sales.')
    expect(run.stdout).toContain(`through ${h.base}/sim`)
  })

  it('says which URL it tried, and how to point elsewhere, when nothing answers; exits non-zero', async () => {
    const publicUrl = `http://127.0.0.1:${await closedPort()}`
    const run = await runCli([], { PUBLIC_URL: `${publicUrl}/` })
    expect(run.code).not.toBe(0)
    expect(run.stderr).toContain(`Could not reach the simulator at ${publicUrl}/sim`)
    expect(run.stderr).toContain('--url')
    expect(run.stderr).not.toContain('fetch failed')
  })
})
