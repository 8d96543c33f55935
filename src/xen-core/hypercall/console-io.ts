/**
 * do_console_io(), xen/drivers/char/console.c, under the dummy XSM policy
 * (xsm_console_io in xen/include/xsm/dummy.h):
 * - the control domain may always use it; any other domain may CONSOLEIO_write only
 *   in a build with CONFIG_VERBOSE_DEBUG (default = DEBUG: the debug profiles), else
 *   -EPERM.
 * - CONSOLEIO_write (guest_console_write): copy the buffer in 127-byte chunks
 *   (-EFAULT); the hardware domain's text goes to the console as is; a domU's is
 *   stripped of non-printable characters, buffered until a newline and printed with
 *   "(d<N>) " (guest_printk).
 * - CONSOLEIO_read: count > INT_MAX → -E2BIG; the model's serial input ring is empty.
 * - anything else → -ENOSYS.
 */
import { XEN_ERRNO } from "../abi/errno";
import { CONSOLEIO } from "../abi/guest-ops";
import type { HypervisorContext } from "../hypervisor/context";
import { copyFromGuest } from "../memory/guest-access";
import type { Vcpu } from "../vcpu/vcpu";

const E = XEN_ERRNO;
const CHUNK = 127;
const chunk = new Uint8Array(CHUNK);

export function doConsoleIo(
  ctx: HypervisorContext,
  caller: Vcpu,
  cmdArg: bigint,
  countArg: bigint,
  buffer: bigint,
): number {
  const cmd = Number(cmdArg & 0xffffffffn);
  const count = Number(countArg & 0xffffffffn);
  const d = ctx.domains.get(caller.domid)!;
  if (ctx.trace.enabled) {
    const op =
      cmd === CONSOLEIO.CONSOLEIO_write
        ? "CONSOLEIO_write"
        : cmd === 1
          ? "CONSOLEIO_read"
          : `CONSOLEIO#${cmd}`;
    ctx.describeCurrent({ op, args: { count, buffer: `0x${buffer.toString(16)}` } });
  }
  const verboseDebug = ctx.profile.debug;
  const allowed = d.isControl || (verboseDebug && cmd === CONSOLEIO.CONSOLEIO_write);
  if (!allowed) return -E.EPERM;
  switch (cmd) {
    case CONSOLEIO.CONSOLEIO_write: {
      let left = count;
      let at = buffer;
      while (left > 0) {
        const n = Math.min(left, CHUNK);
        const bytes = copyFromGuest(d.memory, at, n, chunk);
        if (!bytes) return -E.EFAULT;
        const text = String.fromCharCode(...bytes.subarray(0, n));
        if (d.domid === 0) ctx.console.hwdomWrite(text);
        else ctx.console.guestWrite(d.domid, text);
        at += BigInt(n);
        left -= n;
      }
      return 0;
    }
    case CONSOLEIO.CONSOLEIO_read:
      return count > 0x7fffffff ? -E.E2BIG : 0;
    default:
      return -E.ENOSYS;
  }
}
