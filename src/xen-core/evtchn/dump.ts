/**
 * Debug key 'e', xen/common/event_channel.c dump_evtchn_info / domain_dump_evtchn_info,
 * with the ABIs' print_state hooks (event_2l.c: the notify vCPU's selector bit;
 * event_fifo.c: "?     ", "%c %-4u" or "%c -   "). Checked against a real Xen 4.17's
 * output in shared/reference/xen-4.17-oracle.md.
 */
import { ECS } from "../abi/event-channel";
import type { Domain } from "../domain/domain";
import type { HypervisorContext } from "../hypervisor/context";
import { evtchnIsMasked, evtchnIsPending, evtchnPortPrintState } from "./port-ops";

/** %*pbl: a bitmap as a list of ranges ("0-2,5"), "" when empty. */
export function bitmapList(bits: readonly boolean[]): string {
  const out: string[] = [];
  for (let i = 0; i < bits.length; i++) {
    if (!bits[i]) continue;
    let j = i;
    while (j + 1 < bits.length && bits[j + 1]) j++;
    out.push(i === j ? `${i}` : `${i}-${j}`);
    i = j;
  }
  return out.join(",");
}

/** The lines domain_dump_evtchn_info prints for one domain (without "(XEN) "). */
export function domainEvtchnLines(d: Domain): string[] {
  const e = d.evtchn;
  const lines = [
    `Event channel information for domain ${d.domid}:`,
    `Polling vCPUs: {${bitmapList(e.pollMask)}}`,
    "    port [p/m/s]",
  ];
  for (let port = 1; port < e.validEvtchns; port++) {
    const chn = e.chn(port);
    if (chn.state === ECS.ECS_FREE) continue;
    let line =
      `    ${String(port).padStart(4)} [${evtchnIsPending(d, chn) ? 1 : 0}/` +
      `${evtchnIsMasked(d, chn) ? 1 : 0}/${evtchnPortPrintState(d, chn)}]: ` +
      `s=${chn.state} n=${chn.notifyVcpuId} x=${chn.xenConsumer}`;
    switch (chn.state) {
      case ECS.ECS_UNBOUND:
        line += ` d=${chn.remoteDomid}`;
        break;
      case ECS.ECS_INTERDOMAIN:
        line += ` d=${chn.remoteDom} p=${chn.remotePort}`;
        break;
      case ECS.ECS_PIRQ:
        // domain_pirq_to_irq(): the model maps no physical IRQ behind a pIRQ.
        line += ` p=${chn.pirq} i=0`;
        break;
      case ECS.ECS_VIRQ:
        line += ` v=${chn.virq}`;
        break;
    }
    lines.push(line);
  }
  return lines;
}

/** dump_evtchn_info(key): every domain in domid order. */
export function dumpEvtchnInfo(ctx: HypervisorContext, key: string): void {
  ctx.console.printk(`'${key}' pressed -> dumping event-channel info`);
  const domains = [...ctx.domains.values()].sort((a, b) => a.domid - b.domid);
  for (const d of domains) ctx.console.printk(domainEvtchnLines(d).join("\n"));
}
