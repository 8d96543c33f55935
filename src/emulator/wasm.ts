/**
 * How a v86 instance gets its wasm. v86 would fetch and compile its 2 MB module for
 * every instance; the lab compiles it once per page or process and instantiates the
 * compiled module for each guest (v86's `wasm_fn` option), which keeps a second
 * guest's start to a few milliseconds.
 */
export interface V86Wasm {
  /** v86's wasm_fn: imports in, the instance's exports out. */
  readonly instantiate: (imports: WebAssembly.Imports) => Promise<WebAssembly.Exports>;
}

export function v86WasmFromModule(module: WebAssembly.Module): V86Wasm {
  return {
    instantiate: async (imports) => (await WebAssembly.instantiate(module, imports)).exports,
  };
}

export async function compileV86Wasm(bytes: BufferSource): Promise<V86Wasm> {
  return v86WasmFromModule(await WebAssembly.compile(bytes));
}

/** The browser: fetch and compile `url` (Vite's `v86/build/v86.wasm?url`) once. */
export function v86WasmFromUrl(url: string): V86Wasm {
  let module: Promise<WebAssembly.Module> | undefined;
  const load = () =>
    (module ??= fetch(url).then(async (res) => {
      if (!res.ok) throw new Error(`fetching ${url}: HTTP ${res.status}`);
      return WebAssembly.compile(await res.arrayBuffer());
    }));
  return {
    instantiate: async (imports) => (await WebAssembly.instantiate(await load(), imports)).exports,
  };
}
