/**
 * `npm run bench:guard`: throughput on 280-character texts (one core), p50/p99 latency on
 * 1,000-character texts, lexicon load time in a fresh process, and memory (RSS).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createGuard } from "../../src/guard/index.ts";
import { bundleGuard } from "./bundle.ts";
import { loadCorpus, loadOrg } from "./corpus.ts";

function textsOfLength(sources: string[], length: number, count: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (out.length < count) {
    let text = "";
    while (text.length < length) {
      text += `${sources[i++ % sources.length]} `;
    }
    out.push(text.slice(0, length));
  }
  return out;
}

const sources = loadCorpus().map((item) => item.text);
const guard = createGuard(loadOrg());

// Throughput: 280-character texts.
const short = textsOfLength(sources, 280, 2_000);
// Warm up until the JIT has optimised the hot paths: we report steady-state throughput.
for (let i = 0; i < 10_000; i++) {
  guard.check(short[i % short.length] as string);
}
const runs = 60_000;
let t0 = performance.now();
for (let i = 0; i < runs; i++) {
  guard.check(short[i % short.length] as string);
}
const seconds = (performance.now() - t0) / 1000;
const perSecond = Math.round(runs / seconds);

// Latency: 1,000-character texts.
const long = textsOfLength(sources, 1_000, 500);
const latencies: number[] = [];
for (let i = 0; i < 5_000; i++) {
  t0 = performance.now();
  guard.check(long[i % long.length] as string);
  latencies.push(performance.now() - t0);
}
latencies.sort((a, b) => a - b);
const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;

// Lexicon load: import the bundled library in a fresh Node process.
const dir = mkdtempSync(join(tmpdir(), "guard-bench-"));
const bundle = join(dir, "guard.mjs");
await bundleGuard(bundle);
const loadMs = Number(
  execFileSync(process.execPath, [
    "--input-type=module",
    "-e",
    `const t=performance.now(); const m=await import(${JSON.stringify(bundle)}); m.createGuard().check("warm"); console.log(performance.now()-t);`,
  ]).toString(),
);
rmSync(dir, { recursive: true, force: true });

const rssMb = process.memoryUsage().rss / 1024 / 1024;
console.log(`throughput (280 chars, 1 core)  ${perSecond.toLocaleString("en")} texts/s   (target ≥ 20,000)`);
console.log(`latency (1,000 chars)           p50 ${p(0.5).toFixed(3)} ms, p99 ${p(0.99).toFixed(3)} ms   (target p99 ≤ 2 ms)`);
console.log(`lexicon load (fresh process)    ${loadMs.toFixed(1)} ms   (target ≤ 300 ms)`);
console.log(`memory (RSS of this process)    ${rssMb.toFixed(0)} MB   (target ≤ 200 MB)`);
