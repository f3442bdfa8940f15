import fp from 'fastify-plugin'
import { Holding } from '../calls/holding.ts'
import { Ivr } from '../calls/ivr.ts'
import { Recordings } from '../calls/recordings.ts'
import { Voicemails } from '../calls/voicemails.ts'
import { Waiting } from '../calls/waiting.ts'
import { FrontDoor } from './front-door.ts'
import { HoursAdmin } from './hours-admin.ts'
import { MenuAdmin } from './menu-admin.ts'
import { QueuesAdmin } from './queues-admin.ts'

declare module 'fastify' {
  interface FastifyInstance {
    frontDoor: FrontDoor
    recordings: Recordings
    /** The Call model's facets for the caller's way in: the ring and the menu, the hold loop, voicemail. */
    ivr: { entry: Ivr; holding: Holding; voicemails: Voicemails }
    /** The admin pages' writes, each audited; a save makes every ring read the configuration again. */
    frontDoorAdmin: { queues: QueuesAdmin; menu: MenuAdmin; hours: HoursAdmin }
  }
}

/** The contact center's configuration (cached for every ring) and the IVR facets that read it. */
export const frontDoorPlugin = fp(
  async (app) => {
    const frontDoor = new FrontDoor(app.prisma)
    const waiting = new Waiting(app.prisma, () => app.connections.liveSince())
    const recordings = new Recordings(app.prisma)
    const deps = { calls: app.calls, frontDoor, waiting, clock: () => new Date() }
    app.decorate('frontDoor', frontDoor)
    app.decorate('recordings', recordings)
    const saved = () => frontDoor.forget()
    app.decorate('frontDoorAdmin', { queues: new QueuesAdmin(app.prisma, saved), menu: new MenuAdmin(app.prisma, saved), hours: new HoursAdmin(app.prisma, saved) })
    app.decorate('ivr', { entry: new Ivr(deps), holding: new Holding(deps), voicemails: new Voicemails({ calls: app.calls, recordings }) })
  },
  { name: 'front-door', dependencies: ['database', 'calls', 'connections'] },
)
