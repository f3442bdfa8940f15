import fp from 'fastify-plugin'
import { LiveHub, memoryTransport } from './hub.ts'
import { postgresTransport } from './postgres-transport.ts'

declare module 'fastify' {
  interface FastifyInstance {
    hub: LiveHub
  }
}

/**
 * The live hub: on PostgreSQL its messages reach every app instance on the same database (LISTEN/NOTIFY);
 * the embedded database has one process, so the in-memory transport.
 */
export const hubPlugin = fp(
  async (app) => {
    const transport = app.databaseKind === 'postgres' ? await postgresTransport({ url: databaseUrl(app.databaseUrl), log: app.log }) : memoryTransport()
    const hub = new LiveHub(transport, app.log)
    app.decorate('hub', hub)
    app.addHook('onClose', () => hub.close())
  },
  { name: 'hub', dependencies: ['database'] },
)

function databaseUrl(url: string | undefined): string {
  if (!url) throw new Error('The live hub on PostgreSQL needs the database URL to LISTEN on')
  return url
}
