import type { FastifyBaseLogger } from 'fastify'
import type { Call } from './calls/call.ts'
import type { ConferenceRegistry } from './conferences/registry.ts'
import type { DeviceRegistry } from './devices/registry.ts'
import type { SimulatorEvents } from './events.ts'
import type { ResolvedOptions } from './options.ts'
import type { QueueRegistry } from './queues.ts'
import type { RecordingRegistry } from './recordings/registry.ts'

/** Everything the engine's functions share; one per plugin instance, never global. */
export interface SimContext {
  readonly options: ResolvedOptions
  readonly events: SimulatorEvents
  readonly calls: Map<string, Call>
  readonly queues: QueueRegistry
  readonly conferences: ConferenceRegistry
  readonly devices: DeviceRegistry
  readonly recordings: RecordingRegistry
  readonly log: FastifyBaseLogger | undefined
}

/** Simulated media time in ms, scaled for tests. */
export function mediaMs(sim: SimContext, seconds: number): number {
  return Math.max(1, seconds * 1000 * sim.options.timeScale)
}
