import { createInterface } from 'node:readline'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { SimulatorConnection, simulatorBaseUrl } from './cli-connection.ts'
import { simulatorAuthorization } from './cli-auth.ts'

/** `npm run call -- --from +15551230001`: one simulated caller, printed until the call ends. */
const { values } = parseArgs({
  options: {
    from: { type: 'string', default: '+15551230001' },
    to: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string' },
    press: { type: 'string' },
    say: { type: 'string' },
    'hangup-after': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})

const USAGE = `npm run call -- [--from +15551230001] [--to +1…] [--name "Ada"] [--press 1] [--say "sales"] [--hangup-after 30] [--url http://127.0.0.1:3000/sim]
  --press KEYS  pressed the first time the call listens for keys (a <Gather> with dtmf, or a <Record>)
  --say TEXT    said the first time the call listens for speech (a <Gather> with speech, or a <Record>)
  --url         the simulator; default \${PUBLIC_URL}/sim, else http://127.0.0.1:\${PORT:-3000}/sim
While the call runs, type digits and Enter to press them, other text and Enter to say it, or "h" and Enter to hang up.`

const listeningSchema = z.object({ digits: z.boolean(), speech: z.boolean(), recording: z.boolean() }).nullable().optional()
const viewSchema = z.object({
  status: z.string(),
  ended: z.boolean(),
  headline: z.string(),
  listening: listeningSchema,
  log: z.array(z.object({ seq: z.number(), at: z.string(), text: z.string() })),
})
type Listening = z.infer<typeof listeningSchema>

const simulator = new SimulatorConnection(simulatorBaseUrl(values.url, process.env), await simulatorAuthorization())

async function main(): Promise<void> {
  if (values.help) return console.log(USAGE)
  const sid = await placeCall()
  console.log(`Placed ${sid} from ${values.from} through ${simulator.base}`)
  const hangUp = (): Promise<unknown> => simulator.post(`/simulator/calls/${sid}/hangup`)
  process.once('SIGINT', () => void hangUp())
  if (values['hangup-after']) setTimeout(() => void hangUp(), Number(values['hangup-after']) * 1000).unref()
  const input = listenForKeys(sid, hangUp)
  await follow(sid, scriptedCaller(sid))
  input?.close()
}

async function placeCall(): Promise<string> {
  const res = await simulator.post('/simulator/calls', { from: values.from, to: values.to, callerName: values.name })
  if (res.status !== 201) throw new Error(`could not place the call at ${simulator.base}: ${res.status} ${await res.text()}`)
  return z.object({ sid: z.string() }).parse(await res.json()).sid
}

async function follow(sid: string, answer: (listening: Listening) => Promise<void>): Promise<void> {
  let after = 0
  let headline = ''
  for (;;) {
    const view = viewSchema.parse(await (await simulator.get(`/simulator/calls/${sid}?after=${after}`)).json())
    for (const entry of view.log) {
      console.log(`${entry.at.slice(11, 19)}  ${entry.text}`)
      after = entry.seq
    }
    if (view.headline !== headline && !view.log.some((l) => l.text === view.headline)) console.log(`         → ${view.headline}`)
    headline = view.headline
    if (view.ended) return
    await answer(view.listening)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** --press and --say, each given once, at the first moment the call listens for it. */
function scriptedCaller(sid: string): (listening: Listening) => Promise<void> {
  let press = values.press
  let say = values.say
  return async (listening) => {
    if (press && listening?.digits) {
      await simulator.post(`/simulator/calls/${sid}/digits`, { digits: press })
      press = undefined
    }
    if (say && listening?.speech) {
      await simulator.post(`/simulator/calls/${sid}/speech`, { text: say })
      say = undefined
    }
  }
}

function listenForKeys(sid: string, hangUp: () => Promise<unknown>): ReturnType<typeof createInterface> | undefined {
  if (!process.stdin.isTTY) return undefined
  const input = createInterface({ input: process.stdin })
  input.on('line', (line) => {
    const text = line.trim()
    if (text === 'h') void hangUp()
    else if (/^[0-9*#]+$/.test(text)) void simulator.post(`/simulator/calls/${sid}/digits`, { digits: text })
    else if (text) void simulator.post(`/simulator/calls/${sid}/speech`, { text })
  })
  return input
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  },
)
