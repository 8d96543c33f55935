import { ConsolePanel } from "./panels/console-panel";
import { CreateDomainPanel } from "./panels/create-domain-panel";
import { DomainsPanel } from "./panels/domains-panel";
import { Toolbar } from "./toolbar";

/** The lab shell: header with the lab's switches, then the panels. */
export function App() {
  return (
    <div className="app">
      <Toolbar />
      <main className="panels">
        <DomainsPanel />
        <CreateDomainPanel />
        <ConsolePanel />
      </main>
    </div>
  );
}
