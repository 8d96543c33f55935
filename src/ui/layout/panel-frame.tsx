/**
 * Every panel's frame: a landmark region with the panel's accessible name, and an error
 * boundary, so a panel that throws shows what went wrong in its own box while the rest
 * of the page keeps working.
 */
import { Component, type ErrorInfo, type ReactNode } from "react";

interface BoundaryProps {
  readonly title: string;
  readonly children: ReactNode;
}

interface BoundaryState {
  readonly error: Error | undefined;
}

export class PanelErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: undefined };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The console keeps the stack for whoever reports the bug.
    console.error(`xenlab: the ${this.props.title} panel failed`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="panel-error" role="alert">
        <p>
          The {this.props.title} panel stopped: <code>{error.message}</code>
        </p>
        <p className="hint">The lab itself is unaffected; the other panels keep working.</p>
        <button onClick={() => this.setState({ error: undefined })}>Reload panel</button>
      </div>
    );
  }
}

export function PanelFrame({
  title,
  className,
  children,
}: {
  title: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section className={`panel ${className ?? ""}`} role="region" aria-label={title}>
      <PanelErrorBoundary title={title}>{children}</PanelErrorBoundary>
    </section>
  );
}
