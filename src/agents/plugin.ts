import fp from 'fastify-plugin'
import { Connections } from './connections.ts'
import { Presence } from './presence.ts'

declare module 'fastify' {
  interface FastifyInstance {
    connections: Connections
    presence: Presence
  }
}

/** Which agents have a panel open (before `calls`, whose routing reads it). */
export const connectionsPlugin = fp(
  async (app) => {
    const { panelHeartbeatSeconds, panelTtlSeconds } = app.config
    const connections = new Connections(app.prisma, { heartbeatMs: panelHeartbeatSeconds * 1000, ttlMs: panelTtlSeconds * 1000 })
    app.decorate('connections', connections)
    app.addHook('onReady', async () => connections.start())
    app.addHook('preClose', () => connections.stop())
  },
  { name: 'connections', dependencies: ['database'] },
)

/** Agents' presence, and its fragment on their panels. */
export const presencePlugin = fp(
  async (app) => {
    const presence = new Presence(app.prisma, app.calls)
    app.decorate('presence', presence)
    app.hub.renderWith('presence', async (message) => {
      const agent = await presence.find(Number(message.agentId))
      return agent ? app.view('agents/_presence_push', { agent }) : null
    })
  },
  { name: 'presence', dependencies: ['database', 'hub', 'calls'] },
)
