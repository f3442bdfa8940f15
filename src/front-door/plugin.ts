import fp from 'fastify-plugin'
import { FrontDoor } from './front-door.ts'
import { HoursAdmin } from './hours-admin.ts'
import { MenuAdmin } from './menu-admin.ts'
import { QueuesAdmin } from './queues-admin.ts'

declare module 'fastify' {
  interface FastifyInstance {
    frontDoor: FrontDoor
    /** The admin pages' writes, each audited; a save makes every ring read the configuration again. */
    frontDoorAdmin: { queues: QueuesAdmin; menu: MenuAdmin; hours: HoursAdmin }
  }
}

/** The contact center's configuration (cached for every ring) and the admin writes that change it. */
export const frontDoorPlugin = fp(
  async (app) => {
    const frontDoor = new FrontDoor(app.prisma)
    app.decorate('frontDoor', frontDoor)
    const saved = () => frontDoor.forget()
    app.decorate('frontDoorAdmin', { queues: new QueuesAdmin(app.prisma, saved), menu: new MenuAdmin(app.prisma, saved), hours: new HoursAdmin(app.prisma, saved) })
  },
  { name: 'front-door', dependencies: ['database'] },
)
