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
// Warm up until the JIT has optimised the hot paths: we report steady-state throughput.
for (let k = 0; k < 10_000; k++) {
  classify(posts[k % posts.length] as string, { org });
}
const runs = 40_000;
const started = performance.now();
for (let k = 0; k < runs; k++) {
  classify(posts[k % posts.length] as string, { org });
}
const perSecond = Math.round(runs / ((performance.now() - started) / 1000));
const latencies: number[] = [];
for (let k = 0; k < 5_000; k++) {
  const t0 = performance.now();
  classify(posts[k % posts.length] as string, { org });
  latencies.push(performance.now() - t0);
}
latencies.sort((a, b) => a - b);
const q = (p: number) => (latencies[Math.floor(p * latencies.length)] ?? 0).toFixed(3);
console.log(`throughput (280 chars, 1 core)  ${perSecond.toLocaleString("en")} messages/s   (target ≥ 20,000)`);
console.log(`latency                         p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
