/** `npm run bench:triage`: messages per second on one core for 280-character posts, and latency percentiles. */
import { classify } from "../../src/triage/index.ts";
import { loadTriageCorpus } from "./corpus.ts";

const texts = loadTriageCorpus().map((e) => e.text);
const posts: string[] = [];
let i = 0;
while (posts.length < 2_000) {
  let text = "";
  while (text.length < 280) {
    text += `${texts[i++ % texts.length]} `;
  }
  posts.push(text.slice(0, 280));
}
const org = { phones: ["030-1234567"], outOfHoursPhone: "0900-4501212" };

/** Messages per second over `runs` calls, by wall clock and by this process's CPU time (one core). */
function measure(options: { org: typeof org; skipPersonalData?: boolean }, runs: number): { wall: number; cpu: number } {
  for (let k = 0; k < 10_000; k++) {
    classify(posts[k % posts.length] as string, options); // warm up: steady-state throughput
  }
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (let k = 0; k < runs; k++) {
    classify(posts[k % posts.length] as string, options);
  }
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall: Math.round(runs / wall), cpu: Math.round(runs / ((cpu.user + cpu.system) / 1e6)) };
}

const fmt = (n: number) => n.toLocaleString("en");
const full = measure({ org }, 40_000);
const own = measure({ org, skipPersonalData: true }, 40_000);
const latencies: number[] = [];
for (let k = 0; k < 5_000; k++) {
  const t0 = performance.now();
  classify(posts[k % posts.length] as string, { org });
  latencies.push(performance.now() - t0);
}
latencies.sort((a, b) => a - b);
const q = (p: number) => (latencies[Math.floor(p * latencies.length)] ?? 0).toFixed(3);
console.log(`throughput (280 chars, 1 core), full classify incl. guard personal-data detectors`);
console.log(`  ${fmt(full.wall)} messages/s wall clock, ${fmt(full.cpu)} messages/s per CPU-second   (target ≥ 20,000)`);
console.log(`throughput without the personal-data detectors (rules + model only)`);
console.log(`  ${fmt(own.wall)} messages/s wall clock, ${fmt(own.cpu)} messages/s per CPU-second`);
console.log(`latency, full classify         p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
