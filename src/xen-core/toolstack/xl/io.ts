/** Where an xl command writes: stdout and stderr, kept apart as xl keeps them. */
export class XlIo {
  stdout = "";
  stderr = "";

  out(text: string): void {
    this.stdout += text;
  }

  err(text: string): void {
    this.stderr += text;
  }
}
