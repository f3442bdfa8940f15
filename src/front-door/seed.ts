import type { PrismaClient } from '../db/client.ts'
import { holdMusicUrl } from '../twilio/twiml.ts'

/** The demo's digits, used by the README and the browser test alike. */
export const demoMenu = { support: '1', sales: '2', voicemail: '9' } as const

/**
 * The demo team's way in (embedded database only, like the demo agents): *Sales* (alice) and *Support*
 * (alice and bob), a menu on the team's number, and business hours (weekdays 9–17 in the server's time
 * zone) switched to *forced open* so a newcomer's first call always reaches the menu. Does nothing once
 * any queue exists.
 */
export async function seedDemoFrontDoor(prisma: PrismaClient, number: string): Promise<boolean> {
  if ((await prisma.queue.count()) > 0) return false
  const agents = await prisma.agent.findMany({ where: { email: { in: ['alice@example.com', 'bob@example.com'] } }, select: { id: true, email: true } })
  const idOf = (name: string) => agents.filter((a) => a.email === `${name}@example.com`).map((a) => ({ agentId: a.id }))
  const queue = (name: string, maxWaitSeconds: number, overflowAction: 'voicemail' | 'callback', members: { agentId: number }[]) =>
    prisma.queue.create({ data: { name, greeting: `Connecting you to ${name}. Please hold.`, holdMusicUrl, maxWaitSeconds, overflowAction, announceEverySeconds: 30, members: { create: members } } })
  const support = await queue('Support', 120, 'voicemail', [...idOf('alice'), ...idOf('bob')])
  const sales = await queue('Sales', 180, 'callback', idOf('alice'))
  await prisma.menu.create({
    data: {
      number,
      greeting: `Thanks for calling Switchboard. For support, press ${demoMenu.support} or say support. For sales, press ${demoMenu.sales} or say sales. To leave a message, press ${demoMenu.voicemail}.`,
      fallbackAction: 'queue',
      fallbackQueueId: support.id,
      options: {
        create: [
          { digit: demoMenu.support, action: 'queue', queueId: support.id, keywords: ['support', 'help'] },
          { digit: demoMenu.sales, action: 'queue', queueId: sales.id, keywords: ['sales', 'buy', 'pricing'] },
          { digit: demoMenu.voicemail, action: 'voicemail', queueId: support.id, keywords: ['message', 'voicemail'] },
        ],
      },
    },
  })
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  await prisma.businessHours.create({ data: { id: 1, timeZone, override: 'open', afterHoursMessage: 'Thanks for calling Switchboard. We are closed right now.' } })
  await prisma.openingHours.createMany({ data: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensAt: 9 * 60, closesAt: 17 * 60 })) })
  return true
}
