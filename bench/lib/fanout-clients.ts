/**
 * Child process for fan-out: opens K /live sockets as one logged-in admin, then for each round asks the
 * parent (over IPC) to push one change and timestamps every socket's receipt with this process's clock.
 */
import WebSocket from 'ws'

export interface FanoutJob {
  liveUrl: string
  origin: string
  cookie: string
  sockets: number
  rounds: number
  gapMs: number
}

export type ToParent = { type: 'ready'; open: number; connectMs: number } | { type: 'push'; round: number } | { type: 'done'; receipts: number[]; last: number[] }
export type ToChild = { type: 'go' }

const job = JSON.parse(process.env.BENCH_FANOUT ?? '{}') as FanoutJob
const send = (message: ToParent) => process.send?.(message)

let round = -1
let roundStarted = 0
let received = 0
let roundDone: () => void = () => {}
const receipts: number[] = []
const last: number[] = []

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(job.liveUrl, { headers: { origin: job.origin, cookie: job.cookie }, perMessageDeflate: false })
    let first = true
    socket.on('message', () => {
      if (first) return void ((first = false), resolve(socket))
      if (round < 0) return
      const at = performance.now() - roundStarted
      receipts.push(at)
      if (++received === job.sockets) {
        last.push(at)
        roundDone()
      }
    })
    const timer = setTimeout(() => reject(new Error('no first message within 30 s')), 30_000)
    socket.once('message', () => clearTimeout(timer))
    socket.once('close', (code) => first && reject(new Error(`closed before its first message: ${code}`)))
    socket.once('error', reject)
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)))
  })
}

const connectStarted = performance.now()
const sockets: WebSocket[] = []
for (let i = 0; i < job.sockets; i += 50) sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, job.sockets - i) }, open))))
send({ type: 'ready', open: sockets.length, connectMs: performance.now() - connectStarted })
await new Promise<void>((resolve) => process.once('message', () => resolve()))

for (round = 0; round < job.rounds; round++) {
  received = 0
  const done = new Promise<void>((resolve) => (roundDone = resolve))
  roundStarted = performance.now()
  send({ type: 'push', round })
  await done
  await new Promise((resolve) => setTimeout(resolve, job.gapMs))
}
for (const socket of sockets) socket.terminate()
process.send?.({ type: 'done', receipts, last } satisfies ToParent, () => process.disconnect())
