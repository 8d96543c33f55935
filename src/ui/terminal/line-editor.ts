/**
 * A readline-like line editor for a terminal: the keys xterm.js sends (printable text,
 * arrows and Home/End as escape sequences, Backspace as DEL, Ctrl- letters), a cursor
 * inside the line, history on Up/Down, and Tab completion. Pure: it returns what to
 * write to the terminal and what happened, so Node tests drive it.
 */

export interface Completion {
  /** Where the completed word starts in the line. */
  readonly start: number;
  readonly candidates: readonly string[];
}

export interface EditorIo {
  /** Text to show before the line (redrawn with it). */
  prompt(): string;
  /** Run a finished line (the editor does not echo it: the prompt and line are still shown). */
  submit(line: string): void;
  complete?(line: string, cursor: number): Completion;
  /** Write to the terminal. */
  write(text: string): void;
}

const ESC = "\x1b";
/** A CSI (ESC [ params final) or SS3 (ESC O letter) key sequence at the start. */
const ESCAPE_SEQUENCE = new RegExp(`^${ESC}\\[[0-9;]*[A-Za-z~]|^${ESC}O[A-Za-z]`);

export class LineEditor {
  private line = "";
  private cursor = 0;
  private readonly history: string[] = [];
  /** Index into history while browsing it; history.length means "the line being typed". */
  private browsing = 0;
  private draft = "";
  private lastWasTab = false;

  constructor(
    private readonly io: EditorIo,
    private readonly maxHistory = 500,
  ) {}

  get text(): string {
    return this.line;
  }

  /** Redraw the prompt and the line, with the cursor where it was. */
  redraw(): void {
    const back = this.line.length - this.cursor;
    this.io.write(`\r${ESC}[K${this.io.prompt()}${this.line}${back ? `${ESC}[${back}D` : ""}`);
  }

  /** Erase the prompt and line (before output from elsewhere is printed). */
  clearLine(): void {
    this.io.write(`\r${ESC}[K`);
  }

  /** Feed what the terminal sent (one key or a paste). */
  input(data: string): void {
    let i = 0;
    while (i < data.length) {
      const rest = data.slice(i);
      const seq = ESCAPE_SEQUENCE.exec(rest)?.[0];
      if (seq) {
        this.key(seq);
        i += seq.length;
        continue;
      }
      // A paste may carry "\r\n": one Enter.
      const ch = rest.startsWith("\r\n") ? "\r\n" : rest[0]!;
      this.key(ch);
      i += ch.length;
    }
  }

  private key(k: string): void {
    const tab = k === "\t";
    switch (k) {
      case "\r":
      case "\n":
      case "\r\n":
        return this.enter();
      case "\x7f":
      case "\b":
        if (this.cursor > 0) {
          this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
          this.cursor--;
          this.redraw();
        }
        break;
      case `${ESC}[3~`:
        if (this.cursor < this.line.length) {
          this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
          this.redraw();
        }
        break;
      case `${ESC}[D`:
      case `${ESC}OD`:
      case "\x02":
        if (this.cursor > 0) this.move(this.cursor - 1);
        break;
      case `${ESC}[C`:
      case `${ESC}OC`:
      case "\x06":
        if (this.cursor < this.line.length) this.move(this.cursor + 1);
        break;
      case `${ESC}[H`:
      case `${ESC}OH`:
      case `${ESC}[1~`:
      case "\x01":
        this.move(0);
        break;
      case `${ESC}[F`:
      case `${ESC}OF`:
      case `${ESC}[4~`:
      case "\x05":
        this.move(this.line.length);
        break;
      case `${ESC}[A`:
      case `${ESC}OA`:
      case "\x10":
        this.browse(-1);
        break;
      case `${ESC}[B`:
      case `${ESC}OB`:
      case "\x0e":
        this.browse(1);
        break;
      case "\x03":
        this.io.write("^C\r\n");
        this.set("");
        this.browsing = this.history.length;
        this.redraw();
        break;
      case "\x15":
        this.line = this.line.slice(this.cursor);
        this.cursor = 0;
        this.redraw();
        break;
      case "\x0b":
        this.line = this.line.slice(0, this.cursor);
        this.redraw();
        break;
      case "\x0c":
        this.io.write(`${ESC}[H${ESC}[2J`);
        this.redraw();
        break;
      case "\t":
        this.completeWord();
        break;
      default:
        if (k.length === 1 && k >= " ") {
          this.line = this.line.slice(0, this.cursor) + k + this.line.slice(this.cursor);
          this.cursor++;
          if (this.cursor === this.line.length) this.io.write(k);
          else this.redraw();
        }
    }
    this.lastWasTab = tab;
  }

  private move(to: number): void {
    const d = to - this.cursor;
    this.cursor = to;
    if (d) this.io.write(`${ESC}[${Math.abs(d)}${d > 0 ? "C" : "D"}`);
  }

  private set(line: string): void {
    this.line = line;
    this.cursor = line.length;
  }

  private browse(dir: -1 | 1): void {
    const next = this.browsing + dir;
    if (next < 0 || next > this.history.length) return;
    if (this.browsing === this.history.length) this.draft = this.line;
    this.browsing = next;
    this.set(next === this.history.length ? this.draft : this.history[next]!);
    this.redraw();
  }

  /** Submit the line; showing it (and moving past it) is the submitter's part. */
  private enter(): void {
    const line = this.line;
    if (line.trim() && this.history.at(-1) !== line) {
      this.history.push(line);
      if (this.history.length > this.maxHistory) this.history.shift();
    }
    this.browsing = this.history.length;
    this.draft = "";
    this.set("");
    this.io.submit(line);
  }

  private completeWord(): void {
    const c = this.io.complete?.(this.line, this.cursor);
    if (!c || c.candidates.length === 0) return this.io.write("\x07");
    const word = this.line.slice(c.start, this.cursor);
    const common = commonPrefix(c.candidates);
    if (c.candidates.length === 1) {
      const done = c.candidates[0]!;
      this.insertCompletion(c.start, done.endsWith("/") ? done : `${done} `);
    } else if (common.length > word.length) {
      this.insertCompletion(c.start, common);
    } else if (this.lastWasTab) {
      // Second Tab: list the candidates, as bash does.
      this.io.write(`\r\n${c.candidates.join("  ")}\r\n`);
      this.redraw();
    } else {
      this.io.write("\x07");
    }
  }

  private insertCompletion(start: number, text: string): void {
    this.line = this.line.slice(0, start) + text + this.line.slice(this.cursor);
    this.cursor = start + text.length;
    this.redraw();
  }
}

function commonPrefix(words: readonly string[]): string {
  let p = words[0] ?? "";
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}
