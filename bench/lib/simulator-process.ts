import type { ChildProcess } from 'node:child_process'
import { spawnTs } from './child.ts'
import { processCpuMs } from './cpu.ts'
import type { FromSimulator, ToSimulator } from './simulator-child.ts'

/** The Twilio simulator in its own process (simulator-child.ts), seen from the benchmark. */
export class RemoteSimulator {
  /** Hold-music webhooks the simulator has made so far. */
  holds = 0
  private readonly statuses = new Map<string, string>()
  private readonly placing = new Map<number, (sid: string) => void>()
  private readonly waiters = new Set<{ sid: string; status: string; reached(): void }>()
  private nextId = 0

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly env: Record<string, string>,
  ) {
    child.on('message', (message: FromSimulator) => this.receive(message))
  }

  /** Starts it with its webhooks (and status callbacks) going to `publicUrl`. */
  static start(publicUrl: string, timeScale: number): Promise<RemoteSimulator> {
    const child = spawnTs('./simulator-child.ts', { BENCH_PUBLIC_URL: publicUrl, BENCH_TIME_SCALE: String(timeScale) })
    return new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)))
      child.once('message', (message: FromSimulator) => {
        if (message.type === 'ready') resolve(new RemoteSimulator(child, message.url, message.env))
      })
    })
  }

  /** A caller dials the team number; resolves with the call's sid once the simulator has it. */
  place(from: string): Promise<string> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.placing.set(id, resolve)
      this.send({ type: 'place', id, from })
    })
  }

  /** CPU time the simulator's process has used so far, in ms. */
  cpuMs(): number {
    return processCpuMs(this.child.pid!) ?? 0
  }

  hangUp(sid: string): void {
    this.send({ type: 'hang-up', sid })
  }

  /** The caller's line as the simulator last reported it. */
  status(sid: string): string | undefined {
    return this.statuses.get(sid)
  }

  reached(sid: string, status: string, timeoutMs = 10_000): Promise<void> {
    if (this.statuses.get(sid) === status) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => (this.waiters.delete(waiter), reject(new Error(`call ${sid} not ${status} within ${timeoutMs} ms`))), timeoutMs)
      const waiter = { sid, status, reached: () => (clearTimeout(timer), resolve()) }
      this.waiters.add(waiter)
    })
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.child.removeAllListeners('exit')
      this.child.once('exit', () => resolve())
      this.send({ type: 'close' })
    })
  }

  private send(message: ToSimulator): void {
    this.child.send(message)
  }

  private receive(message: FromSimulator): void {
    if (message.type === 'hold') this.holds++
    if (message.type === 'placed') this.placing.get(message.id)?.(message.sid)
    if (message.type === 'placed') this.placing.delete(message.id)
    if (message.type !== 'status') return
    this.statuses.set(message.sid, message.status)
    for (const waiter of this.waiters) if (waiter.sid === message.sid && waiter.status === message.status) (this.waiters.delete(waiter), waiter.reached())
  }
}
