// sqld serialises writers; under a burst a write can give up waiting for the lock ("database is
// locked"). Such a write changed nothing, so trying again shortly is safe — and for logged
// interactions doubly so, since the idempotency key makes a repeat return the first row.

const BUSY = /database is locked|SQLITE_BUSY/i;

export function isBusy(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { message, code } = e as { message?: string; code?: string };
    if (BUSY.test(`${code ?? ""} ${message ?? ""}`)) return true;
  }
  return false;
}

/** Runs `write`, retrying up to `attempts - 1` times on a busy database, with a jittered pause. */
export async function withBusyRetry<T>(
  write: () => Promise<T>,
  opts: { attempts?: number; baseMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const attempts = opts.attempts ?? 3;
  const baseMs = opts.baseMs ?? 25;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let i = 1; ; i++) {
    try {
      return await write();
    } catch (err) {
      if (i >= attempts || !isBusy(err)) throw err;
      await sleep(baseMs * i * (1 + Math.random()));
    }
  }
}
