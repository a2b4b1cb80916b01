// bpmn-moddle (the model layer inside bpmn-js) read + write throughput.
// Usage: node moddle-bench.mjs [--rounds N] [--once] FILE...
// Prints one JSON line like examples/bench.rs of ablauf-bpmn.
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';

let args = process.argv.slice(2);
let rounds = 10;
let once = false;
const r = args.indexOf('--rounds');
if (r >= 0) {
  rounds = Number(args[r + 1]);
  args.splice(r, 2);
}
const o = args.indexOf('--once');
if (o >= 0) {
  once = true;
  args.splice(o, 1);
}
const files = args.map((p) => readFileSync(p, 'utf8'));
const bytes = args.reduce((n, p) => n + readFileSync(p).length, 0);
const moddle = new BpmnModdle();

async function roundTrip(xml) {
  const { rootElement } = await moddle.fromXML(xml);
  const { xml: out } = await moddle.toXML(rootElement);
  return out.length;
}

if (once) {
  for (const f of files) await roundTrip(f);
  process.exit(0);
}
for (const f of files) await roundTrip(f); // warm-up (JIT)
// Per-round timings; the median resists noise from other processes.
const times = [];
let sink = 0;
for (let i = 0; i < rounds; i++) {
  const start = process.hrtime.bigint();
  for (const f of files) sink += await roundTrip(f);
  times.push(Number(process.hrtime.bigint() - start) / 1e9);
}
times.sort((a, b) => a - b);
const secs = times[Math.floor(times.length / 2)] * rounds;
if (!sink) throw new Error('no output');
console.log(JSON.stringify({
  impl: 'bpmn-moddle',
  files: files.length,
  bytes,
  rounds,
  seconds: Number(secs.toFixed(4)),
  mb_per_s: Number(((bytes * rounds) / 1e6 / secs).toFixed(2)),
  models_per_s: Number(((files.length * rounds) / secs).toFixed(1)),
}));
