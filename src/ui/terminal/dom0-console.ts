/**
 * The dom0 shell as a console tab: the shell's transcript (everything it ran, whether
 * typed here, by a scenario's xl steps or by the xl.cfg tab's Create) followed as it
 * grows, and a line editor below it (history, cursor keys, Tab completion of commands,
 * xl subcommands, domain names and files).
 */
import type { Dom0Shell } from "../../xen-core/toolstack/shell/shell";
import type { LabSession } from "../lab/lab-session";
import { onModelChange } from "./on-model-change";
import { addConsoleTab } from "./console-tabs";
import { LineEditor } from "./line-editor";
import { TextStream } from "./text-stream";

const crlf = (s: string) => s.replace(/\r?\n/g, "\r\n");

const BANNER =
  "\x1b[2mdom0 shell: xl (list, create, destroy, pause, unpause, vcpu-list, dmesg, debug-keys, info, help),\r\n" +
  "ls, cat, echo, probe FILE, help. Tab completes; Up/Down walk the history.\x1b[0m\r\n";

export function followDom0Console(session: LabSession): () => void {
  const shell: Dom0Shell | undefined = session.shell;
  if (!shell) return () => {};
  const stream = new TextStream("dom0");
  let printed = 0;
  const editor = new LineEditor({
    prompt: () => shell.prompt,
    write: (t) => stream.write(t),
    complete: (line, cursor) => shell.complete(line, cursor),
    submit: (line) => {
      // The transcript gets the prompt, the line and its output; print it from there.
      editor.clearLine();
      if (line.trim()) shell.run(line);
      else stream.write(`${shell.prompt}\r\n`);
      catchUp();
    },
  });
  /** Print what the transcript gained, then the prompt and whatever is being typed. */
  const catchUp = () => {
    const log = shell.transcript();
    if (log.length === printed) return;
    editor.clearLine();
    stream.write(crlf(log.slice(printed)));
    printed = log.length;
    editor.redraw();
  };
  stream.write(BANNER);
  catchUp();
  editor.redraw();
  const remove = addConsoleTab({
    id: "dom0",
    label: "dom0 shell",
    stream,
    input: (data) => editor.input(data),
  });
  // Lines run elsewhere (scenario steps, the xl.cfg tab) change the model: catch up then.
  const unsubscribe = onModelChange(session.hv, catchUp);
  return () => {
    unsubscribe();
    remove();
  };
}
