import fp from 'fastify-plugin'
import { Holding } from './holding.ts'
import { Ivr } from './ivr.ts'
import { Recordings } from './recordings.ts'
import { Voicemails } from './voicemails.ts'
import { Waiting } from './waiting.ts'

declare module 'fastify' {
  interface FastifyInstance {
    recordings: Recordings
    /** The Call model's facets for the caller's way in: the ring and the menu, the hold loop, voicemail. */
    ivr: { entry: Ivr; holding: Holding; voicemails: Voicemails }
  }
}

/** The IVR facets of the Call model, which read the contact center's configuration (`app.frontDoor`). */
export const ivrPlugin = fp(
  async (app) => {
    const waiting = new Waiting(app.prisma, () => app.connections.liveSince())
    const recordings = new Recordings(app.prisma)
    const deps = { calls: app.calls, frontDoor: app.frontDoor, waiting, clock: () => new Date() }
    app.decorate('recordings', recordings)
    app.decorate('ivr', { entry: new Ivr(deps), holding: new Holding(deps), voicemails: new Voicemails({ calls: app.calls, recordings }) })
  },
  { name: 'ivr', dependencies: ['database', 'calls', 'connections', 'front-door'] },
)
