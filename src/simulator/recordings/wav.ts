const SAMPLE_RATE = 8000
const BYTES_PER_SAMPLE = 2
/** Media is a stand-in, so it stays small whatever the recording's duration. */
export const MAX_MEDIA_SECONDS = 2
const TONE_HZ = 440
const AMPLITUDE = 0.2 * 0x7fff

/**
 * A recording's audio: a quiet 440 Hz tone of the recording's duration (at most MAX_MEDIA_SECONDS),
 * 8 kHz mono 16-bit PCM in a RIFF/WAVE container, as Twilio's recordings are.
 */
export function recordingWav(durationSec: number): Buffer {
  const samples = Math.round(Math.min(MAX_MEDIA_SECONDS, Math.max(0, durationSec)) * SAMPLE_RATE)
  const dataBytes = samples * BYTES_PER_SAMPLE
  const wav = Buffer.alloc(44 + dataBytes)
  writeHeader(wav, dataBytes)
  for (let i = 0; i < samples; i++) {
    wav.writeInt16LE(Math.round(AMPLITUDE * Math.sin((2 * Math.PI * TONE_HZ * i) / SAMPLE_RATE)), 44 + i * BYTES_PER_SAMPLE)
  }
  return wav
}

function writeHeader(wav: Buffer, dataBytes: number): void {
  wav.write('RIFF', 0, 'ascii')
  wav.writeUInt32LE(36 + dataBytes, 4)
  wav.write('WAVE', 8, 'ascii')
  wav.write('fmt ', 12, 'ascii')
  wav.writeUInt32LE(16, 16) // fmt chunk size
  wav.writeUInt16LE(1, 20) // PCM
  wav.writeUInt16LE(1, 22) // mono
  wav.writeUInt32LE(SAMPLE_RATE, 24)
  wav.writeUInt32LE(SAMPLE_RATE * BYTES_PER_SAMPLE, 28) // byte rate
  wav.writeUInt16LE(BYTES_PER_SAMPLE, 32) // block align
  wav.writeUInt16LE(8 * BYTES_PER_SAMPLE, 34) // bits per sample
  wav.write('data', 36, 'ascii')
  wav.writeUInt32LE(dataBytes, 40)
}
