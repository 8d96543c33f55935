/** Where the CLI writes: real streams in main, captured lines in tests. */
export interface Output {
  stdout(line: string): void;
  stderr(line: string): void;
}

// A closed pipe (`xenlab run ... | head`) is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

export const processOutput: Output = {
  stdout: (line) => void process.stdout.write(`${line}\n`),
  stderr: (line) => void process.stderr.write(`${line}\n`),
};
