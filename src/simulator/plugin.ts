import formbody from '@fastify/formbody'
import websocket from '@fastify/websocket'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { consoleRoutes } from './console/routes.ts'
import { handleDeviceSocket } from './devices/socket.ts'
import type { SimulatorOptions } from './options.ts'
import { restRoutes } from './rest/routes.ts'
import { Simulator } from './simulator.ts'

declare module 'fastify' {
  interface FastifyInstance {
    simulator: Simulator
  }
}

/**
 * A local Twilio, mounted under `prefix` (the app uses `/sim`): REST at /2010-04-01/…, the Device
 * websocket at /device, the stand-in SDK at /device.js, the caller console at /simulator.
 * Decorates the instance it is registered on with `simulator` (the handle tests drive).
 */
const plugin: FastifyPluginAsync<SimulatorOptions> = async (app, options) => {
  const sim = new Simulator(options)
  app.decorate('simulator', sim)
  app.addHook('preClose', async () => sim.close())
  await app.register(async (scope) => routes(scope, sim), { prefix: prefixOf(options) })
}

async function routes(app: FastifyInstance, sim: Simulator): Promise<void> {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody)
  // The console and the CLI post JSON; the app that mounts the simulator accepts JSON nowhere else.
  if (!app.hasContentTypeParser('application/json')) app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'))
  if (!app.hasDecorator('websocketServer')) await app.register(websocket)
  app.get('/device', { websocket: true }, (socket) => handleDeviceSocket(sim, socket))
  await app.register(restRoutes, { sim })
  await app.register(consoleRoutes, { sim })
}

function prefixOf(options: SimulatorOptions): string {
  const prefix: unknown = (options as { prefix?: unknown }).prefix
  return typeof prefix === 'string' ? prefix : ''
}

// Runs in the registering context (like fastify-plugin) so `app.simulator` is visible to the app.
Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: 'switchboard-simulator' })

export const simulatorPlugin = plugin
