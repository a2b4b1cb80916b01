// Proves that bpmn-moddle (the model layer of bpmn-js) reads and writes the
// Ablauf extension losslessly once crates/ablauf-bpmn/moddle/ablauf.json is loaded.
// Usage: node moddle-roundtrip.mjs [file.bpmn]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';

const here = dirname(fileURLToPath(import.meta.url));
const crate = join(here, '../../crates/ablauf-bpmn');
const file = process.argv[2] ?? join(crate, 'tests/fixtures/ablauf-extension.bpmn');
const ablauf = JSON.parse(readFileSync(join(crate, 'moddle/ablauf.json'), 'utf8'));
const moddle = new BpmnModdle({ ablauf });

function fail(msg) {
  console.error(`moddle-roundtrip: FAIL: ${msg}`);
  process.exit(1);
}

function stepOf(defs) {
  const proc = defs.rootElements.find((e) => e.$type === 'bpmn:Process');
  const task = proc.flowElements.find((e) => e.id === 'T');
  const step = task.extensionElements?.values?.find((v) => v.$type === 'ablauf:Step');
  const probs = proc.flowElements.filter((e) => e.$type === 'bpmn:SequenceFlow').map((f) => [f.id, f.probability]);
  return { step, probs };
}

function plain(step) {
  return JSON.stringify({
    ...Object.fromEntries(Object.entries(step).filter(([k]) => !k.startsWith('$'))),
    documents: step.documents?.map((d) => ({ direction: d.direction, name: d.name })),
    legalBases: step.legalBases?.map((l) => l.text),
  });
}

const xml = readFileSync(file, 'utf8');
const first = await moddle.fromXML(xml);
if (first.warnings.length) fail(`warnings on read: ${first.warnings.map((w) => w.message).join('; ')}`);
const a = stepOf(first.rootElement);
if (!a.step) fail('ablauf:step not typed');
if (a.step.blockType !== 'formell-pruefen' || a.step.share !== 0.8) fail(`bad values ${plain(a.step)}`);
if (a.step.documents.length !== 2 || a.step.legalBases.length !== 2) fail(`lists lost ${plain(a.step)}`);
if (JSON.stringify(a.probs.filter(([, p]) => p !== undefined)) !== JSON.stringify([['F3', 0.25], ['F4', 0.75]])) {
  fail(`probabilities ${JSON.stringify(a.probs)}`);
}
const { xml: out } = await moddle.toXML(first.rootElement, { format: true });
const second = await moddle.fromXML(out);
if (second.warnings.length) fail(`warnings on re-read: ${second.warnings.map((w) => w.message).join('; ')}`);
const b = stepOf(second.rootElement);
if (plain(a.step) !== plain(b.step)) fail(`step changed:\n${plain(a.step)}\n${plain(b.step)}`);
if (JSON.stringify(a.probs) !== JSON.stringify(b.probs)) fail('probabilities changed');
if ((out.match(/xmlns:ablauf=/g) ?? []).length !== 1) fail('namespace not declared exactly once');
for (const attr of ['blockType', 'orgUnit', 'payGrade', 'processingTime=', 'processingTimeMin', 'processingTimeMax', 'waitingTime', 'share', 'itSystem', 'medium', 'inputChannel', 'outputChannel', 'ablauf:probability']) {
  if (!out.includes(attr)) fail(`${attr} missing in output`);
}
console.log(`moddle-roundtrip: OK (${file.split('/').pop()}: ablauf:step with ${a.step.documents.length} documents, ${a.step.legalBases.length} legal bases, 2 branch probabilities survive bpmn-moddle read/write)`);
