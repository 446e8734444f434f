// `npm run bundle-size`: the Worker as it would be uploaded (`wrangler deploy --dry-run --outdir`),
// its size raw and gzipped (Cloudflare's limits and the startup cost go by the compressed size).
// Target (issue 5): ≤ 300 KiB gzipped. Prints a table and one `BUNDLE_JSON {…}` line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { projectRoot } from "../../src/cli/local.ts";
import { round, table } from "./stack.ts";

const TARGET_KIB = 300;
/** Issue 14: everything the browser runs (public/assets/*.js and the service worker) under 30 KB gzipped. */
const CLIENT_TARGET_KB = 30;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

type Build = { files: { file: string; bytes: number; gzipBytes: number }[]; raw: number; gz: number; byPackage: { name: string; bytes: number }[] };

/** One dry-run build into a fresh folder; `extra` adds flags (e.g. --minify). */
function build(extra: string[]): Build {
  const out = mkdtempSync(join(tmpdir(), "keqing-bundle-"));
  try {
    const wrangler = join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js");
    const meta = join(out, "bundle-meta.json");
    const run = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", join(out, "dist"), "--metafile", meta, ...extra], {
      cwd: projectRoot,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    if (run.status !== 0) {
      process.stderr.write(run.stdout + run.stderr);
      throw new Error(`wrangler deploy --dry-run ${extra.join(" ")} failed with ${run.status}`);
    }
    // What is uploaded: the modules, not the source maps.
    const modules = files(join(out, "dist")).filter((f) => !f.endsWith(".map") && !f.endsWith("README.md"));
    const sizes = modules.map((f) => {
      const buf = readFileSync(f);
      return { file: relative(join(out, "dist"), f), bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
    });
    // Where the bytes come from: esbuild's metafile, grouped by npm package (or src/<folder>).
    const metafile = JSON.parse(readFileSync(meta, "utf8")) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
    const byPackage = new Map<string, number>();
    for (const output of Object.values(metafile.outputs)) {
      for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
        const m = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/) ?? path.match(/^(src\/[^/]+)/);
        const name = m?.[1] ?? "other";
        byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
      }
    }
    return {
      files: sizes,
      raw: sizes.reduce((s, f) => s + f.bytes, 0),
      gz: sizes.reduce((s, f) => s + f.gzipBytes, 0),
      byPackage: [...byPackage.entries()].sort((a, b) => b[1] - a[1]).map(([name, bytes]) => ({ name, bytes })),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The client scripts as served (Workers static assets), each gzipped on its own as a browser fetches them. */
function clientScripts() {
  const pub = join(projectRoot, "public");
  return files(pub)
    .filter((f) => f.endsWith(".js"))
    .map((f) => {
      const buf = readFileSync(f);
      return { file: relative(pub, f), bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
    });
}

const client = clientScripts();
const clientGz = client.reduce((s, f) => s + f.gzipBytes, 0);
const asIs = build([]);
// What minifying (wrangler.toml `minify = true`, not set today) would give: the first lever if the target is missed.
const minified = build(["--minify"]);
const kib = (n: number) => round(n / 1024);
const result = {
  date: new Date().toISOString(),
  files: asIs.files,
  rawKiB: kib(asIs.raw),
  gzipKiB: kib(asIs.gz),
  targetGzipKiB: TARGET_KIB,
  withinTarget: asIs.gz / 1024 <= TARGET_KIB,
  minifiedGzipKiB: kib(minified.gz),
  largestInputsKiB: Object.fromEntries(asIs.byPackage.slice(0, 12).map((p) => [p.name, kib(p.bytes)])),
  client: { files: client, gzipKB: round(clientGz / 1000), targetGzipKB: CLIENT_TARGET_KB, withinTarget: clientGz / 1000 <= CLIENT_TARGET_KB },
};
console.log(
  `\nWorker bundle (wrangler deploy --dry-run)\n${table([
    ...asIs.files.map((f): [string, string] => [f.file, `${kib(f.bytes)} KiB raw, ${kib(f.gzipBytes)} KiB gzipped`]),
    ["total", `${result.rawKiB} KiB raw, ${result.gzipKiB} KiB gzipped (target ≤ ${TARGET_KIB} KiB: ${result.withinTarget ? "met" : `missed by ${round(result.gzipKiB - TARGET_KIB)} KiB`})`],
    ["with --minify", `${kib(minified.raw)} KiB raw, ${result.minifiedGzipKiB} KiB gzipped`],
  ])}\n\nLargest inputs (raw bytes in the bundle, before gzip):\n${table(asIs.byPackage.slice(0, 12).map((p): [string, string] => [p.name, `${kib(p.bytes)} KiB`]))}`,
);
console.log(
  `\nClient scripts (public/, served as static assets)\n${table([
    ...client.map((f): [string, string] => [f.file, `${round(f.bytes / 1000)} KB raw, ${round(f.gzipBytes / 1000)} KB gzipped`]),
    ["total", `${round(client.reduce((s, f) => s + f.bytes, 0) / 1000)} KB raw, ${result.client.gzipKB} KB gzipped (target ≤ ${CLIENT_TARGET_KB} KB: ${result.client.withinTarget ? "met" : "missed"})`],
  ])}\n`,
);
console.log(`BUNDLE_JSON ${JSON.stringify(result)}`);
