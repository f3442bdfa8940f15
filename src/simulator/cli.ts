import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'
import { z } from 'zod'

/** `npm run call -- --from +15551230001`: one simulated caller, printed until the call ends. */
const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '+15551230001' },
    to: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string', default: 'http://127.0.0.1:3000/sim' },
    'hangup-after': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})

const USAGE = `npm run call -- [--from +15551230001] [--to +1…] [--name "Ada"] [--url http://127.0.0.1:3000/sim] [--hangup-after 30]
While the call runs, type digits and Enter to press them, or "h" and Enter to hang up.`

const viewSchema = z.object({
  status: z.string(),
  ended: z.boolean(),
  headline: z.string(),
  log: z.array(z.object({ seq: z.number(), at: z.string(), text: z.string() })),
})

const base = values.url.replace(/\/+$/, '')

async function main(): Promise<void> {
  if (values.help) return console.log(USAGE)
  const sid = await placeCall()
  console.log(`Placed ${sid} from ${values.from}`)
  const hangUp = (): Promise<unknown> => post(`/simulator/calls/${sid}/hangup`)
  process.once('SIGINT', () => void hangUp())
  if (values['hangup-after']) setTimeout(() => void hangUp(), Number(values['hangup-after']) * 1000).unref()
  const input = listenForKeys(sid, hangUp)
  await follow(sid)
  input?.close()
}

async function placeCall(): Promise<string> {
  const res = await post('/simulator/calls', { from: values.from, to: values.to, callerName: values.name })
  if (res.status !== 201) throw new Error(`could not place the call: ${res.status} ${await res.text()}`)
  return z.object({ sid: z.string() }).parse(await res.json()).sid
}

async function follow(sid: string): Promise<void> {
  let after = 0
  let headline = ''
  for (;;) {
    const view = viewSchema.parse(await (await fetch(`${base}/simulator/calls/${sid}?after=${after}`)).json())
    for (const entry of view.log) {
      console.log(`${entry.at.slice(11, 19)}  ${entry.text}`)
      after = entry.seq
    }
    if (view.headline !== headline && !view.log.some((l) => l.text === view.headline)) console.log(`         → ${view.headline}`)
    headline = view.headline
    if (view.ended) return
    await new Promise((resolve) => setTimeout(resolve, 300))
  }
}

function listenForKeys(sid: string, hangUp: () => Promise<unknown>): ReturnType<typeof createInterface> | undefined {
  if (!process.stdin.isTTY) return undefined
  const input = createInterface({ input: process.stdin })
  input.on('line', (line) => {
    const text = line.trim()
    if (text === 'h') void hangUp()
    else if (/^[0-9*#]+$/.test(text)) void post(`/simulator/calls/${sid}/digits`, { digits: text })
  })
  return input
}

function post(path: string, body?: unknown): Promise<Response> {
  return fetch(base + path, { method: 'POST', headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined })
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
