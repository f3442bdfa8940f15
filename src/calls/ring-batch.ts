import type { Ring, StoredRing } from './store.ts'

interface Waiting {
  ring: Ring
  resolve(call: StoredRing | null): void
  reject(error: unknown): void
}

/**
 * Collects the rings of one tick and stores them with one statement; each caller learns whether its
 * CallSid was new. If the batch fails, each ring is stored on its own, so one bad ring fails alone and
 * never costs the others their call.
 */
export class RingBatch {
  private waiting: Waiting[] = []

  constructor(private readonly insert: (rings: Ring[]) => Promise<StoredRing[]>) {}

  add(ring: Ring): Promise<StoredRing | null> {
    return new Promise((resolve, reject) => {
      if (this.waiting.push({ ring, resolve, reject }) === 1) setImmediate(() => void this.flush())
    })
  }

  private async flush(): Promise<void> {
    const batch = this.waiting.splice(0)
    try {
      this.settle(batch, await this.insert(batch.map((entry) => entry.ring)))
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error)
      await Promise.all(batch.map((entry) => this.insert([entry.ring]).then((stored) => this.settle([entry], stored), entry.reject)))
    }
  }

  private settle(batch: Waiting[], rows: StoredRing[]): void {
    const stored = new Map(rows.map((call) => [call.twilioSid, call]))
    for (const entry of batch) {
      entry.resolve(stored.get(entry.ring.callSid) ?? null)
      stored.delete(entry.ring.callSid)
    }
  }
}
