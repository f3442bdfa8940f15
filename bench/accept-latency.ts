/**
 * accept-latency: app servers in their own processes (`src/main.ts`) on one PostgreSQL, the Twilio simulator
 * in another; agents' panels and their Devices in this process, which owns the clock.
 *
 *   --instances 1,2 (default): calls one after another, first through one server, then through two
 *     (webhooks to B, agents on A). Each call: the caller dials → offer card on a panel; Accept POST →
 *     in-progress card (REST redirect, Dial, Device answer, status callback); End POST → removal.
 *   --sustained: `--rate` new calls a second for `--duration` s, each accepted at once and ended after
 *     `--talk` s, on the last of --instances (default 1): lost and stuck calls, offer p99, server CPU per call.
 */
import { flagOption, listOption, numberOption } from './lib/args.ts'
import { header, latencyTable, summary, table } from './lib/report.ts'
import { runSequential, type SequentialResult } from './lib/sequential.ts'
import { runSustained } from './lib/sustained.ts'

const agents = numberOption('agents', 200)
const timeScale = numberOption('time-scale', 0.1)

if (flagOption('sustained')) {
  const instances = listOption('instances', [1]).at(-1)!
  const options = { instances, agents, rate: numberOption('rate', 20), durationSec: numberOption('duration', 60), talkSec: numberOption('talk', 3), timeScale }
  const result = await runSustained(options)
  console.log(header('accept-latency --sustained', result.database, { ...options, 'webhooks to': instances > 1 ? 'B' : 'A', 'agents on': 'A' }))
  console.log(
    latencyTable([
      { name: '**webhook → offer card on the agent’s socket**', samples: result.samples.offer },
      { name: 'Accept POST → in-progress card on socket', samples: result.samples.inProgress },
    ]),
  )
  console.log('')
  console.log(table(['check', 'value'], result.checks))
} else {
  const calls = numberOption('calls', 500)
  const warmup = numberOption('warmup', 20)
  const runs: [number, SequentialResult][] = []
  for (const instances of listOption('instances', [1, 2])) {
    const result = await runSequential({ instances, agents, calls, warmup, timeScale })
    runs.push([instances, result])
    const where: Record<string, string> = instances > 1 ? { 'webhooks to': String.fromCharCode(64 + instances), 'agents on': 'A' } : {}
    console.log(header(`accept-latency, ${instances} instance${instances > 1 ? 's' : ''}`, result.database, { instances, agents, calls, warmup, timeScale, 'calls in flight': 1, ...where }))
    console.log(
      latencyTable([
        { name: 'webhook → offer card on the agent’s socket', samples: result.phases.offer },
        { name: 'Accept POST → HTTP 200 (connecting card)', samples: result.phases.acceptResponse },
        { name: 'Accept POST → connecting card on socket', samples: result.phases.connectingPush },
        { name: '**Accept POST → in-progress card on socket**', samples: result.phases.inProgress },
        { name: 'End POST → HTTP 200', samples: result.phases.endResponse },
        { name: 'End POST → removal on socket', samples: result.phases.removal },
      ]),
    )
    console.log('')
    console.log(table(['check', 'value'], result.checks))
    console.log('')
  }
  if (runs.length > 1) {
    const cell = (samples: number[]) => `${summary(samples).p50.toFixed(1)} / **${summary(samples).p99.toFixed(1)}**`
    console.log('### side by side (p50 / p99, ms)\n')
    console.log(
      table(
        ['measure', ...runs.map(([n]) => `${n} instance${n > 1 ? 's' : ''}`)],
        [
          ['webhook → offer card', ...runs.map(([, r]) => cell(r.phases.offer))],
          ['Accept → in-progress card', ...runs.map(([, r]) => cell(r.phases.inProgress))],
          ['End → removal', ...runs.map(([, r]) => cell(r.phases.removal))],
        ],
      ),
    )
  }
}
