/**
 * Pause, unpause and kill, xen/common/domain.c.
 */
import { XEN_ERRNO } from "../abi/errno";
import { DOMDYING, type Domain } from "../domain/domain";
import { evtchnDestroy } from "../evtchn/reset";
import type { HypervisorContext } from "../hypervisor/context";

/** The toolstack pause count is capped at 255 so it cannot overflow d->pause_count. */
const MAX_CONTROLLER_PAUSE = 255;

export function pauseBySystemController(ctx: HypervisorContext, d: Domain): number {
  if (d.controllerPauseCount + 1 > MAX_CONTROLLER_PAUSE) return -XEN_ERRNO.EOVERFLOW;
  d.controllerPauseCount++;
  ctx.stateChange(d.domid, "paused", `controller_pause_count ${d.controllerPauseCount}`);
  return 0;
}

/**
 * The count starts at 1; the toolstack's one unpause starts the guest. Creation is
 * finished the first time the count reaches 0.
 */
export function unpauseBySystemController(ctx: HypervisorContext, d: Domain): number {
  if (d.controllerPauseCount - 1 < 0) return -XEN_ERRNO.EINVAL;
  d.controllerPauseCount--;
  if (d.controllerPauseCount === 0 && !d.creationFinished) {
    d.creationFinished = true;
    ctx.stateChange(d.domid, "creation-finished", "first unpause");
  }
  ctx.stateChange(d.domid, "unpaused", `controller_pause_count ${d.controllerPauseCount}`);
  return 0;
}

/**
 * domain_kill(): -EINVAL on yourself; alive → dying → dead. The last reference goes
 * with it in the model (no other domain maps its pages), so the domain leaves the
 * list and its id becomes free, as `xl destroy` shows.
 */
export function domainKill(ctx: HypervisorContext, caller: Domain, d: Domain): number {
  if (d === caller) return -XEN_ERRNO.EINVAL;
  if (d.isDying === DOMDYING.dead) return 0;
  d.isDying = DOMDYING.dying;
  ctx.stateChange(d.domid, "dying", "domain_kill");
  // evtchn_destroy(): close every port (peers go back to UNBOUND), drop FIFO state.
  evtchnDestroy(ctx, d);
  d.modelled = undefined;
  d.isDying = DOMDYING.dead;
  ctx.domains.delete(d.domid);
  ctx.domids.free(d.domid);
  ctx.stateChange(d.domid, "destroyed", "last reference dropped");
  return 0;
}
