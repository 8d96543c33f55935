/**
 * The panels the layout can place: each one's title (its tab label and its region's
 * accessible name) and component; help/shortcuts.ts gives each its Alt+N.
 */
import type { ComponentType } from "react";
import type { PanelId } from "../layout/layout-model";
import { AbPanel } from "./ab-panel";
import { ComposerPanel } from "./composer-panel";
import { ConsolesPanel } from "./consoles-panel";
import { CreateDomainPanel } from "./create-domain-panel";
import { DomainsPanel } from "./domains-panel";
import { EvtchnPanel } from "./evtchn-panel";
import { ScenarioPanel } from "./scenario-panel";
import { TracePanel } from "./trace-panel";
import { VcpusPanel } from "./vcpus-panel";

export interface PanelSpec {
  readonly title: string;
  readonly component: ComponentType;
}

export const PANELS: Readonly<Record<PanelId, PanelSpec>> = {
  domains: { title: "Domains", component: DomainsPanel },
  create: { title: "Create domain", component: CreateDomainPanel },
  vcpus: { title: "vCPUs", component: VcpusPanel },
  consoles: { title: "Consoles", component: ConsolesPanel },
  scenario: { title: "Scenario", component: ScenarioPanel },
  trace: { title: "Trace", component: TracePanel },
  composer: { title: "Hypercall composer", component: ComposerPanel },
  evtchn: { title: "Event channels", component: EvtchnPanel },
  ab: { title: "A/B diff", component: AbPanel },
};
