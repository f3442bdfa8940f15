import type { ConferenceSettings } from './conference.ts'
import { Conference } from './conference.ts'
import type { Participant } from './participant.ts'

/** Every conference of one simulator, the ended ones too (the REST list shows them). */
export class ConferenceRegistry {
  readonly #all: Conference[] = []

  constructor(private readonly accountSid: string) {}

  all(): Conference[] {
    return [...this.#all]
  }

  bySid(sid: string): Conference | undefined {
    return this.#all.find((c) => c.sid === sid)
  }

  /** The active conference with this name, or else the latest one that had it (for tests and the console). */
  byName(name: string): Conference | undefined {
    const named = this.#all.filter((c) => c.friendlyName === name)
    return named.find((c) => c.isActive) ?? named[named.length - 1]
  }

  active(name: string): Conference | undefined {
    return this.#all.find((c) => c.friendlyName === name && c.isActive)
  }

  /** Names are per account: one active conference per name, created on demand. */
  activeOrNew(name: string, settings: () => ConferenceSettings): { conference: Conference; created: boolean } {
    const existing = this.active(name)
    if (existing) return { conference: existing, created: false }
    const conference = new Conference(this.accountSid, name, settings())
    this.#all.push(conference)
    return { conference, created: true }
  }

  /** The participant a call currently is (joined or still ringing), in any active conference. */
  participantFor(callSid: string): Participant | undefined {
    for (const conference of this.#all) {
      const found = conference.isActive ? conference.participants.find((p) => p.callSid === callSid) : undefined
      if (found) return found
    }
    return undefined
  }
}
