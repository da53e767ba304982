/**
 * Line writers for stdout and stderr that survive a reader going away (`... | head -2`).
 *
 * Node reports a closed pipe as an 'error' event on the stream; with no listener that is an
 * uncaught exception, a stack trace, and a run that dies before its cleanup and its report
 * files. Here a closed stream only stops the output: the command goes on, finishes its work
 * and returns its own exit code.
 */
export interface LineWriter {
  (line: string): void;
  /** True once the reader has gone: nothing more reaches it. */
  readonly closed: boolean;
}

export function lineWriter(stream: NodeJS.WritableStream & { destroyed?: boolean }): LineWriter {
  let closed = false;
  // Any write error on an output stream (EPIPE, EBADF, a full disk behind a redirect) ends the
  // output, never the command: the verdict, the reports and the cleanup matter more.
  stream.on('error', () => {
    closed = true;
  });
  const write = (line: string) => {
    if (closed || stream.destroyed) {
      closed = true;
      return;
    }
    try {
      stream.write(`${line}\n`);
    } catch {
      closed = true;
    }
  };
  return Object.defineProperty(write, 'closed', { get: () => closed }) as LineWriter;
}
