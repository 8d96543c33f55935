/** Vite asset URLs the emulator imports (v86's wasm): `import url from "...?url"`. */
declare module "*.wasm?url" {
  const url: string;
  export default url;
}
