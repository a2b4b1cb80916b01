// Properties-panel provider for the Ablauf BPMN extension (urn:ablauf:bpmn:1.0).
//
// The fields come from the moddle descriptor (crates/ablauf-bpmn/moddle/ablauf.json):
// a field is only offered when the descriptor declares its property, and every
// further simple attribute the descriptor declares gets a generic field, so
// attributes added to the descriptor later show up without changes here.
//
// - Tasks: group "Baustein" (the `ablauf:Step` in `extensionElements`) and,
//   collapsed, "Baustein – weitere Angaben" for the remaining Step attributes.
// - Types with `meta.allowedIn` (e.g. `ablauf:Subprocess` on bpmn:Process):
//   a list group when the type has an `id` (several per host), else a group
//   for the single element. A Participant stands for its process.
// - Types that `extends` a BPMN type (e.g. `ablauf:subprocess` on gateways):
//   their attributes directly on the element, group "Ablauf-Angaben".
// - Sequence flows leaving an exclusive gateway: "Wahrscheinlichkeit (%)"
//   (`ablauf:probability`, stored as a fraction 0..1), group "Verzweigung".
//
// Every change is one command on the command stack, so undo/redo work; the
// extension element (and `extensionElements`) is created on the first edit.

import { is, getBusinessObject } from 'bpmn-js/lib/util/ModelUtil';
import {
  CheckboxEntry,
  Group,
  ListGroup,
  NumberFieldEntry,
  SelectEntry,
  TextAreaEntry,
  TextFieldEntry,
  isCheckboxEntryEdited,
  isNumberFieldEntryEdited,
  isSelectEntryEdited,
  isTextAreaEntryEdited,
  isTextFieldEntryEdited,
} from '@bpmn-io/properties-panel';
import { useService } from 'bpmn-js-properties-panel';

import ablaufDescriptor from '../../ablauf-bpmn/moddle/ablauf.json';

const PREFIX = ablaufDescriptor.prefix;
const STEP = `${PREFIX}:Step`;
const SUBPROCESS = `${PREFIX}:Subprocess`;
const PROBABILITY = `${PREFIX}:probability`;

/** Media offered for `medium` (key → label). */
export const MEDIA = [
  [ 'papier', 'Papier' ],
  [ 'email', 'E-Mail' ],
  [ 'fax', 'Fax' ],
  [ 'portal', 'Online-Portal' ],
  [ 'eakte', 'E-Akte' ],
  [ 'telefon', 'Telefon' ],
  [ 'persoenlich', 'Persönlich' ],
];

// The "Baustein" group, in this order; each only if the descriptor has it.
const STEP_MAIN = [
  'blockType', 'processingTime', 'waitingTime', 'share', 'itSystem', 'medium',
  'orgUnit', 'subprocess', 'notes',
];

// Labels and kinds by property name; other properties get their name and a
// kind from their type.
const KNOWN = {
  blockType: { label: 'Bausteintyp', kind: 'block' },
  processingTime: { label: 'Bearbeitungszeit (Minuten)', kind: 'minutes' },
  waitingTime: { label: 'Wartezeit (Minuten)', kind: 'minutes' },
  share: { label: 'Anteil der Fälle (%)', kind: 'percent' },
  itSystem: { label: 'IT-System' },
  medium: { label: 'Medium', kind: 'medium' },
  orgUnit: { label: 'Organisationseinheit', kind: 'unit' },
  subprocess: { label: 'Teilprozess', kind: 'subprocess' },
  notes: { label: 'Hinweise', kind: 'textarea' },
  payGrade: { label: 'Entgelt- oder Besoldungsgruppe' },
  processingTimeMin: { label: 'Bearbeitungszeit mindestens (Minuten)', kind: 'minutes' },
  processingTimeMax: { label: 'Bearbeitungszeit höchstens (Minuten)', kind: 'minutes' },
  inputChannel: { label: 'Eingangskanal' },
  outputChannel: { label: 'Ausgangskanal' },
  name: { label: 'Name' },
  id: { label: 'Kennung', kind: 'readonly' },
  description: { label: 'Beschreibung', kind: 'textarea' },
};

const TYPE_LABELS = {
  Subprocess: { group: 'Teilprozesse', item: 'Teilprozess', idPrefix: 'sp', newName: 'Neuer Teilprozess' },
};

const SIMPLE_TYPES = [ 'String', 'Real', 'Integer', 'Boolean' ];

// ---------------------------------------------------------------------------
// descriptor helpers

/** The simple (attribute or body) properties of a type, in declaration order. */
function simpleProperties(moddle, type) {
  let descriptor;
  try {
    descriptor = moddle.getTypeDescriptor(type);
  } catch (e) {
    return [];
  }
  return (descriptor.properties || [])
    .filter((p) => !p.isMany && !p.isReference && SIMPLE_TYPES.includes(p.type) && (p.isAttr || p.isBody))
    .filter((p) => !p.ns || p.ns.prefix === PREFIX)
    .map((p) => ({
      name: p.ns && p.ns.localName ? p.ns.localName : p.name,
      type: p.type,
      isBody: !!p.isBody,
    }));
}

function typesOf(predicate) {
  return (ablaufDescriptor.types || []).filter(predicate);
}

function hasType(qualified) {
  return typesOf((t) => `${PREFIX}:${t.name}` === qualified).length > 0;
}

function fieldFor(p) {
  const known = KNOWN[p.name] || {};
  let kind = known.kind;
  if (kind === 'minutes' && p.type !== 'String') kind = 'number';
  if (kind === 'subprocess' && !hasType(SUBPROCESS)) kind = 'text';
  if (!kind) {
    if (p.type === 'Boolean') kind = 'checkbox';
    else if (p.type === 'Real' || p.type === 'Integer') kind = 'number';
    else kind = p.isBody ? 'textarea' : 'text';
  }
  return { name: p.name, type: p.type, label: known.label || p.name, kind };
}

/** The business object an extension "allowed in" `types` attaches to, or null. */
function hostFor(element, types) {
  let bo = getBusinessObject(element);
  if (is(bo, 'bpmn:Participant') && bo.processRef) bo = bo.processRef;
  return types.some((t) => t === '*' || is(bo, t)) ? bo : null;
}

/** The process an element belongs to (for the subprocess list). */
function processOf(element) {
  let bo = getBusinessObject(element);
  if (is(bo, 'bpmn:Participant')) return bo.processRef || null;
  while (bo && !is(bo, 'bpmn:Process')) bo = bo.$parent;
  return bo || null;
}

// ---------------------------------------------------------------------------
// value conversion (stored value ↔ what the field shows)

/** Minutes → ISO 8601 duration, written like ablauf-bpmn does (`PT1H30M`, `P2D`). */
export function minutesToDuration(minutes) {
  if (!Number.isFinite(minutes) || minutes < 0) return 'PT0M';
  const total = Math.round(minutes * 60);
  const days = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const mins = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  let s = 'P';
  if (days > 0) s += `${days}D`;
  if (hours > 0 || mins > 0 || secs > 0 || days === 0) {
    s += 'T';
    if (hours > 0) s += `${hours}H`;
    if (mins > 0 || (hours === 0 && secs === 0)) s += `${mins}M`;
    if (secs > 0) s += `${secs}S`;
  }
  return s;
}

const NUM = '(\\d+(?:[.,]\\d+)?)';
const DURATION = new RegExp(`^P(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`);

/** ISO 8601 duration → minutes; undefined for what cannot be converted (years, months, junk). */
export function durationToMinutes(text) {
  const s = String(text).trim();
  const m = DURATION.exec(s);
  if (!m || m.slice(1).every((g) => g === undefined) || s.endsWith('T')) return undefined;
  const n = (g) => (g === undefined ? 0 : parseFloat(g.replace(',', '.')));
  return n(m[1]) * 7 * 1440 + n(m[2]) * 1440 + n(m[3]) * 60 + n(m[4]) + n(m[5]) / 60;
}

function tidy(number) {
  return Math.round(number * 1e6) / 1e6;
}

function toDisplay(field, stored) {
  if (field.kind === 'checkbox') return stored === true;
  if (stored === undefined || stored === null || stored === '') return '';
  if (field.kind === 'minutes') {
    const minutes = durationToMinutes(stored);
    return minutes === undefined ? '' : tidy(minutes);
  }
  if (field.kind === 'percent') return tidy(Number(stored) * 100);
  return stored;
}

function toStored(field, shown) {
  if (field.kind === 'checkbox') return shown ? true : undefined;
  if (shown === undefined || shown === null || shown === '') return undefined;
  switch (field.kind) {
  case 'minutes':
    return minutesToDuration(Number(shown));
  case 'percent':
    return tidy(Number(shown) / 100);
  case 'number':
    return field.type === 'Integer' ? Math.round(Number(shown)) : Number(shown);
  default:
    return shown;
  }
}

// ---------------------------------------------------------------------------
// where a field's value lives
//
// A "slot" reads and writes the properties of one moddle element:
//   read(name) → value;  write(name, value, services) executes one command.

function extensionValues(bo) {
  const ext = bo.get('extensionElements');
  return (ext && ext.get('values')) || [];
}

function findExtension(bo, type) {
  return extensionValues(bo).find((v) => v.$instanceOf && v.$instanceOf(type));
}

/** Add `created` to the host's extensionElements, creating those if needed: one command. */
function addExtension(element, hostBo, created, { bpmnFactory, commandStack }) {
  const ext = hostBo.get('extensionElements');
  if (ext) {
    created.$parent = ext;
    commandStack.execute('element.updateModdleProperties', {
      element,
      moddleElement: ext,
      properties: { values: [ ...ext.get('values'), created ] },
    });
  } else {
    const newExt = bpmnFactory.create('bpmn:ExtensionElements', { values: [ created ] });
    created.$parent = newExt;
    newExt.$parent = hostBo;
    commandStack.execute('element.updateModdleProperties', {
      element,
      moddleElement: hostBo,
      properties: { extensionElements: newExt },
    });
  }
}

function updateProperty(element, moddleElement, name, value, { commandStack }) {
  if (moddleElement.get(name) === value) return;
  commandStack.execute('element.updateModdleProperties', {
    element,
    moddleElement,
    properties: { [name]: value },
  });
}

/** The single extension element `type` of `hostBo`, created on the first write. */
function singleExtensionSlot(element, hostBo, type) {
  return {
    read: (name) => {
      const target = findExtension(hostBo, type);
      return target ? target.get(name) : undefined;
    },
    write: (name, value, services) => {
      const target = findExtension(hostBo, type);
      if (target) return updateProperty(element, target, name, value, services);
      if (value === undefined) return undefined;
      return addExtension(element, hostBo, services.bpmnFactory.create(type, { [name]: value }), services);
    },
  };
}

/** One given moddle element (an item of a list). */
function elementSlot(element, target) {
  return {
    read: (name) => target.get(name),
    write: (name, value, services) => updateProperty(element, target, name, value, services),
  };
}

/** Extension attributes (`ablauf:x`) directly on the element's business object. */
function attributeSlot(element) {
  const bo = getBusinessObject(element);
  return {
    read: (name) => bo.get(`${PREFIX}:${name}`),
    write: (name, value, services) => updateProperty(element, bo, `${PREFIX}:${name}`, value, services),
  };
}

// ---------------------------------------------------------------------------
// option lists

function keepUnknown(options, current, known, label) {
  if (current !== undefined && current !== null && current !== '' && !known) {
    options.push({ value: current, label: `${current} (${label})` });
  }
  return options;
}

function blockOptions(blocks, current) {
  const options = [ { value: '', label: '– kein Bausteintyp –' } ];
  const byCategory = new Map();
  for (const b of blocks) {
    if (!b || typeof b.key !== 'string') continue;
    const category = b.category || 'Sonstige';
    if (!byCategory.has(category)) byCategory.set(category, []);
    byCategory.get(category).push({ value: b.key, label: b.name || b.key });
  }
  for (const [ category, children ] of byCategory) options.push({ label: category, children });
  return keepUnknown(options, current, blocks.some((b) => b && b.key === current), 'nicht im Katalog');
}

function unitOptions(units, current) {
  const options = [ { value: '', label: '– keine Angabe –' } ];
  for (const u of units) {
    if (u && typeof u.id === 'string') options.push({ value: u.id, label: u.name || u.id });
  }
  return keepUnknown(options, current, units.some((u) => u && u.id === current), 'unbekannte Einheit');
}

function mediumOptions(current) {
  const options = [ { value: '', label: '– keine Angabe –' } ];
  for (const [ value, label ] of MEDIA) options.push({ value, label });
  return keepUnknown(options, current, MEDIA.some(([ key ]) => key === current), 'unbekannt');
}

function subprocessOptions(processBo, current) {
  const list = processBo ? extensionValues(processBo).filter((v) => v.$instanceOf(SUBPROCESS)) : [];
  const options = [ { value: '', label: '– keinem Teilprozess zugeordnet –' } ];
  for (const sp of list) {
    if (sp.get('id')) options.push({ value: sp.get('id'), label: sp.get('name') || sp.get('id') });
  }
  return keepUnknown(options, current, list.some((sp) => sp.get('id') === current), 'nicht vorhanden');
}

// ---------------------------------------------------------------------------
// entry components (the panel calls them with the entry object as props)

function FieldEntry(props) {
  const { element, id, field, slot } = props;
  const services = {
    bpmnFactory: useService('bpmnFactory'),
    commandStack: useService('commandStack'),
  };
  const debounce = useService('debounceInput');
  const catalogue = useService('config.ablauf', false) || {};

  const stored = () => slot.read(field.name);
  const getValue = () => toDisplay(field, stored());
  const setValue = (shown) => slot.write(field.name, toStored(field, shown), services);
  const common = { element, id, label: field.label, getValue, setValue };

  switch (field.kind) {
  case 'block':
    return SelectEntry({ ...common, getOptions: () => blockOptions(catalogue.blocks || [], stored()) });
  case 'unit':
    return SelectEntry({ ...common, getOptions: () => unitOptions(catalogue.units || [], stored()) });
  case 'medium':
    return SelectEntry({ ...common, getOptions: () => mediumOptions(stored()) });
  case 'subprocess':
    return SelectEntry({
      ...common,
      getOptions: () => subprocessOptions(processOf(element), stored()),
      description: 'Die Teilprozesse legen Sie am Prozess an (Klick auf eine freie Stelle der Zeichenfläche).',
    });
  case 'minutes': {
    const raw = stored();
    const unreadable = raw && durationToMinutes(raw) === undefined;
    return NumberFieldEntry({
      ...common, debounce, min: 0, step: 'any',
      description: unreadable ? `Gespeichert ist „${raw}“; das lässt sich nicht in Minuten umrechnen.` : undefined,
    });
  }
  case 'percent':
    return NumberFieldEntry({ ...common, debounce, min: 0, max: 100, step: 'any' });
  case 'number':
    return NumberFieldEntry({ ...common, debounce, step: field.type === 'Integer' ? 1 : 'any' });
  case 'checkbox':
    return CheckboxEntry({ ...common });
  case 'textarea':
    return TextAreaEntry({ ...common, debounce, rows: 3 });
  case 'readonly':
    return TextFieldEntry({ ...common, debounce, disabled: true });
  default:
    return TextFieldEntry({ ...common, debounce });
  }
}

const EDITED = {
  block: isSelectEntryEdited,
  unit: isSelectEntryEdited,
  medium: isSelectEntryEdited,
  subprocess: isSelectEntryEdited,
  minutes: isNumberFieldEntryEdited,
  percent: isNumberFieldEntryEdited,
  number: isNumberFieldEntryEdited,
  checkbox: isCheckboxEntryEdited,
  textarea: isTextAreaEntryEdited,
};

function fieldEntries(idPrefix, fields, slot) {
  return fields.map((field) => ({
    id: `${idPrefix}-${field.name}`,
    component: FieldEntry,
    isEdited: EDITED[field.kind] || isTextFieldEntryEdited,
    field,
    slot,
  }));
}

function ProbabilityEntry(props) {
  const { element, id } = props;
  const commandStack = useService('commandStack');
  const debounce = useService('debounceInput');
  const field = { kind: 'percent' };
  const bo = getBusinessObject(element);

  const getValue = () => toDisplay(field, bo.get(PROBABILITY));
  const setValue = (shown) => updateProperty(element, bo, PROBABILITY, toStored(field, shown), { commandStack });

  // The sum over the gateway's outgoing flows helps to reach 100 %.
  const outgoing = (bo.sourceRef && bo.sourceRef.get('outgoing')) || [];
  const given = outgoing.map((f) => f.get(PROBABILITY)).filter((p) => typeof p === 'number');
  const sum = tidy(given.reduce((a, b) => a + b, 0) * 100).toLocaleString('de-DE');
  const description = given.length
    ? `Summe der Ausgänge dieser Verzweigung: ${sum} % (${given.length} von ${outgoing.length} angegeben).`
    : `Noch kein Ausgang dieser Verzweigung hat eine Wahrscheinlichkeit (${outgoing.length} Ausgänge).`;

  return NumberFieldEntry({
    element, id, label: 'Wahrscheinlichkeit (%)', getValue, setValue, debounce,
    min: 0, max: 100, step: 'any', description,
  });
}

// ---------------------------------------------------------------------------
// groups

function stepGroups(element, moddle, translate) {
  const host = hostFor(element, [ 'bpmn:Task' ]);
  const stepType = typesOf((t) => `${PREFIX}:${t.name}` === STEP)[0];
  if (!host || !stepType || !hostFor(element, (stepType.meta && stepType.meta.allowedIn) || [ '*' ])) return [];
  const props = simpleProperties(moddle, STEP);
  const slot = singleExtensionSlot(element, host, STEP);
  const main = STEP_MAIN.map((name) => props.find((p) => p.name === name)).filter(Boolean).map(fieldFor);
  const extra = props.filter((p) => !STEP_MAIN.includes(p.name)).map(fieldFor);
  const groups = [ {
    id: 'ablauf-step',
    label: 'Baustein',
    component: Group,
    shouldOpen: true,
    translate,
    entries: fieldEntries('ablauf-step', main, slot),
  } ];
  if (extra.length) {
    groups.push({
      id: 'ablauf-step-more',
      label: 'Baustein – weitere Angaben',
      component: Group,
      translate,
      entries: fieldEntries('ablauf-step', extra, slot),
    });
  }
  return groups;
}

function newId(prefix, taken) {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

function listGroup(element, host, typeDef, fields, { moddle, bpmnFactory, commandStack, translate }) {
  const type = `${PREFIX}:${typeDef.name}`;
  const labels = TYPE_LABELS[typeDef.name] || {};
  const groupId = `ablauf-${typeDef.name.toLowerCase()}`;
  const items = extensionValues(host).filter((v) => v.$instanceOf(type));
  const services = { bpmnFactory, commandStack };

  const add = (event) => {
    if (event && event.stopPropagation) event.stopPropagation();
    const taken = items.map((i) => i.get('id')).filter(Boolean);
    const attrs = { id: newId(labels.idPrefix || typeDef.name.toLowerCase(), taken) };
    if (fields.some((f) => f.name === 'name')) attrs.name = labels.newName || `Neu: ${typeDef.name}`;
    addExtension(element, host, bpmnFactory.create(type, attrs), services);
  };
  const remove = (item) => () => {
    const ext = host.get('extensionElements');
    commandStack.execute('element.updateModdleProperties', {
      element,
      moddleElement: ext,
      properties: { values: ext.get('values').filter((v) => v !== item) },
    });
  };
  // the id first, shown but not editable (steps refer to it)
  const ordered = [ ...fields.filter((f) => f.name !== 'id'), ...fields.filter((f) => f.name === 'id') ];

  return {
    id: groupId,
    label: labels.group || typeDef.name,
    component: ListGroup,
    translate,
    add,
    items: items.map((item, index) => {
      const itemId = `${groupId}-${index}`;
      const entries = fieldEntries(itemId, ordered, elementSlot(element, item));
      return {
        id: itemId,
        label: item.get('name') || item.get('id') || `${labels.item || typeDef.name} ${index + 1}`,
        entries,
        autoFocusEntry: entries.length ? entries[0].id : undefined,
        remove: remove(item),
      };
    }),
  };
}

function allowedInGroups(element, services) {
  const { moddle, translate } = services;
  const groups = [];
  for (const t of typesOf((t) => t.meta && Array.isArray(t.meta.allowedIn) && `${PREFIX}:${t.name}` !== STEP)) {
    const host = hostFor(element, t.meta.allowedIn);
    if (!host) continue;
    const fields = simpleProperties(moddle, `${PREFIX}:${t.name}`).map(fieldFor);
    if (!fields.length) continue;
    if (fields.some((f) => f.name === 'id')) {
      groups.push(listGroup(element, host, t, fields, services));
    } else {
      const groupId = `ablauf-${t.name.toLowerCase()}`;
      groups.push({
        id: groupId,
        label: (TYPE_LABELS[t.name] && TYPE_LABELS[t.name].item) || t.name,
        component: Group,
        translate,
        entries: fieldEntries(groupId, fields, singleExtensionSlot(element, host, `${PREFIX}:${t.name}`)),
      });
    }
  }
  return groups;
}

function attributeGroup(element, moddle, translate) {
  const bo = getBusinessObject(element);
  const fields = [];
  for (const t of typesOf((t) => Array.isArray(t.extends))) {
    if (!t.extends.some((base) => is(bo, base))) continue;
    for (const p of simpleProperties(moddle, `${PREFIX}:${t.name}`)) {
      if (`${PREFIX}:${p.name}` === PROBABILITY && is(bo, 'bpmn:SequenceFlow')) continue; // own group
      if (!fields.some((f) => f.name === p.name)) fields.push(fieldFor(p));
    }
  }
  if (!fields.length) return null;
  return {
    id: 'ablauf-attributes',
    label: 'Ablauf-Angaben',
    component: Group,
    shouldOpen: true,
    translate,
    entries: fieldEntries('ablauf-attr', fields, attributeSlot(element)),
  };
}

function probabilityGroup(element, translate) {
  if (!is(element, 'bpmn:SequenceFlow')) return null;
  const bo = getBusinessObject(element);
  if (!is(bo.sourceRef, 'bpmn:ExclusiveGateway')) return null;
  if (!(bo.$descriptor && bo.$descriptor.propertiesByName && bo.$descriptor.propertiesByName[PROBABILITY])) return null;
  return {
    id: 'ablauf-branch',
    label: 'Verzweigung',
    component: Group,
    shouldOpen: true,
    translate,
    entries: [ { id: 'ablauf-probability', component: ProbabilityEntry, isEdited: isNumberFieldEntryEdited } ],
  };
}

// ---------------------------------------------------------------------------
// provider

export class AblaufPropertiesProvider {
  constructor(propertiesPanel, moddle, bpmnFactory, commandStack, translate) {
    this._services = { moddle, bpmnFactory, commandStack, translate };
    propertiesPanel.registerProvider(500, this);
  }

  getGroups(element) {
    return (groups) => {
      const { moddle, translate } = this._services;
      const ours = [
        ...stepGroups(element, moddle, translate),
        ...allowedInGroups(element, this._services),
        attributeGroup(element, moddle, translate),
        probabilityGroup(element, translate),
      ].filter(Boolean);
      if (!ours.length) return groups;

      // right after "General", before documentation and the technical groups
      const at = groups.findIndex((g) => g.id === 'general');
      const result = groups.slice();
      result.splice(at < 0 ? 0 : at + 1, 0, ...ours);
      return result;
    };
  }
}

AblaufPropertiesProvider.$inject = [ 'propertiesPanel', 'moddle', 'bpmnFactory', 'commandStack', 'translate' ];

export default {
  __init__: [ 'ablaufPropertiesProvider' ],
  ablaufPropertiesProvider: [ 'type', AblaufPropertiesProvider ],
};
