import type { TestApp } from './app.ts'

export interface Listening {
  digits: boolean
  speech: boolean
  recording: boolean
}

/**
 * Runs `act` each time the caller's call starts listening (a `<Gather>` or a `<Record>`), at once, as a
 * person would answer a prompt (short simulated timeouts leave no time to await the event). `act`
 * returns true when it is done; `whenListening` resolves then.
 */
export function whenListening(t: TestApp, sid: string, act: (listening: Listening, count: number) => boolean | void, timeoutMs = 10_000): Promise<void> {
  let count = 0
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`caller ${sid}: the script did not finish within ${timeoutMs} ms`))
    }, timeoutMs)
    const off = t.app.simulator.events.on((event) => {
      if (event.type !== 'listening' || event.callSid !== sid) return
      if (!act(event, ++count)) return
      clearTimeout(timer)
      off()
      resolve()
    })
  })
}

/** Places a call whose caller answers the menu with a key (or words) the first time it listens. */
export async function callAndChoose(t: TestApp, from: string, choice: { press?: string; say?: string }): Promise<string> {
  const { sid } = await t.app.simulator.placeInboundCall({ from })
  void whenListening(t, sid, (listening) => {
    if (!listening.speech || listening.recording) return false
    if (choice.press) t.app.simulator.sendDigits(sid, choice.press)
    if (choice.say) t.app.simulator.say(sid, choice.say)
    return true
  }).catch(() => undefined)
  return sid
}

/** The call's timeline event types, oldest first. */
export async function timeline(t: TestApp, where: { id: number } | { twilioSid: string }): Promise<string[]> {
  const call = await t.prisma.call.findUniqueOrThrow({ where, select: { events: { orderBy: { id: 'asc' }, select: { type: true } } } })
  return call.events.map((event) => event.type)
}

/** What the caller heard (each `<Say>`), in order. */
export function heard(t: TestApp, sid: string): string[] {
  return t.app.simulator.events.history.flatMap((event) => (event.type === 'verb' && event.callSid === sid && event.verb === 'Say' ? [event.text] : []))
}
