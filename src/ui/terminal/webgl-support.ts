/**
 * Whether xterm's WebGL renderer is worth loading here: it needs WebGL2, and a software
 * rasteriser (SwiftShader, llvmpipe: headless browsers, VMs, blocklisted GPUs) draws
 * slower than xterm's DOM renderer, so those keep the DOM renderer.
 */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

let cached: boolean | undefined;

export function hardwareWebgl2(): boolean {
  if (cached !== undefined) return cached;
  cached = false;
  try {
    const gl = document.createElement("canvas").getContext("webgl2");
    if (gl) {
      const info = gl.getExtension("WEBGL_debug_renderer_info");
      const renderer = String(
        info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER),
      );
      cached = !SOFTWARE.test(renderer);
      gl.getExtension("WEBGL_lose_context")?.loseContext();
    }
  } catch {
    cached = false;
  }
  return cached;
}
