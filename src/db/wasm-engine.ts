import { readFile } from 'node:fs/promises'
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg'
import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import { adapterFactory } from './adapter-factory.ts'

export type { SchemaEngine }

type PanicRegistry = { message: string; set_message(message: string): void }
const globals = globalThis as typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry }
const panics = (globals.PRISMA_WASM_PANIC_REGISTRY ??= {
  message: '',
  set_message(message) { this.message = message },
})

let loaded: Promise<void> | undefined

// Node 20 cannot import .wasm, so we instantiate it ourselves, once per process.
async function loadWasm(): Promise<void> {
  const wasmUrl = new URL('schema_engine_bg.wasm', import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg'))
  const imports = { './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports }
  const { instance } = await WebAssembly.instantiate(await readFile(wasmUrl), imports)
  bindings.__wbg_set_wasm(instance.exports)
  ;(instance.exports.__wbindgen_start as () => void)()
}

export async function withEngine<T>(databaseUrl: string, work: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await (loaded ??= loadWasm())
  const factory = adapterFactory(databaseUrl)
  try {
    const engine = await bindings.SchemaEngine.new({ datamodels: undefined }, () => {}, bindMigrationAwareSqlAdapterFactory(factory))
    try {
      return await work(engine)
    } finally {
      engine.free()
    }
  } catch (error) {
    throw asReadableError(error)
  } finally {
    await factory.closeAll()
  }
}

function asReadableError(error: unknown): unknown {
  if (!(error instanceof WebAssembly.RuntimeError)) return error
  return new Error(`schema engine panicked: ${panics.message || error.message}`)
}
