/**
 * Everything a benchmark starts (servers, child processes, temporary folders) is handed to a
 * scope, which undoes it in reverse order when the section ends — also when it fails or the run
 * is interrupted — so no run leaves a process behind on the machine.
 */
export interface Scope {
  /** Registers an undo step; steps run last-registered first. */
  defer(what: string, undo: () => unknown): void;
  /** A scope closed with this one, or earlier by itself. */
  child(): Scope;
  /** Runs every undo step once; a failing step is reported and the others still run. */
  close(): Promise<void>;
}

export function createScope(report: (message: string) => void = (m) => process.stderr.write(`${m}\n`)): Scope {
  const steps: Array<{ what: string; undo: () => unknown }> = [];
  let closing: Promise<void> | undefined;

  const scope: Scope = {
    defer(what, undo) {
      if (closing) throw new Error(`cannot add "${what}" to a closed scope`);
      steps.push({ what, undo });
    },
    child() {
      const child = createScope(report);
      scope.defer('child scope', () => child.close());
      return child;
    },
    close() {
      closing ??= (async () => {
        while (steps.length > 0) {
          const step = steps.pop()!;
          try {
            await step.undo();
          } catch (error) {
            report(`bench: cleanup "${step.what}" failed: ${(error as Error).message}`);
          }
        }
      })();
      return closing;
    },
  };
  return scope;
}
