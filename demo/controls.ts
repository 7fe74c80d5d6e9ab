/**
 * The control form and the URL: the form shows a state, edits are parsed with the same schema as links
 * (`state.ts`), corrected values are written back into the form, and the address bar is replaced (not pushed)
 * with the state's search string so that the current view can be shared.
 */
import { controlNotes } from './capabilities.js';
import {
  clampParticles,
  type DemoState,
  FIELDS,
  parseField,
  particleChoices,
  serializeState,
} from './state.js';

const KEYS = Object.keys(FIELDS) as (keyof DemoState)[];

function control(key: keyof DemoState): HTMLInputElement | HTMLSelectElement {
  const el = document.getElementById(key);
  if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement))
    throw new Error(`no control #${key}`);
  return el;
}

function formatParticles(n: number): string {
  const e = Math.log10(n);
  if (Number.isInteger(e)) return `10${String(e).replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!)}`;
  return n.toLocaleString('en-US');
}

/** Fills the particle menu with counts up to the device's maximum (`max`). */
export function setParticleChoices(max: number, current: number): void {
  const sel = control('particles') as HTMLSelectElement;
  const values = particleChoices(max);
  if (!values.includes(current)) values.push(current);
  values.sort((a, b) => a - b);
  sel.replaceChildren(
    ...values.map((v) => {
      const o = document.createElement('option');
      o.value = String(v);
      o.textContent = v === max ? `${formatParticles(v)} (device maximum)` : formatParticles(v);
      return o;
    }),
  );
  sel.value = String(current);
}

/** Shows `state` in the form and the notes that go with it. */
export function showState(state: DemoState): void {
  for (const k of KEYS) control(k).value = String(state[k]);
  const notes = controlNotes(state);
  for (const [id, text] of Object.entries(notes)) {
    const el = document.getElementById(`${id}-note`);
    if (el) el.textContent = text;
  }
  (control('substeps') as HTMLInputElement).disabled = state.scheme === 'sgd';
  (control('alpha') as HTMLInputElement).disabled = state.noise !== 'alpha-stable';
}

/** Reads the form into a state, correcting what is out of range; returns the notes for corrected fields. */
export function readForm(previous: DemoState, maxParticles: number): { state: DemoState; notes: string[] } {
  const state = { ...previous };
  const notes: string[] = [];
  for (const k of KEYS) {
    const { value, note } = parseField(k, control(k).value);
    (state as unknown as Record<string, unknown>)[k] = value;
    if (note) notes.push(note);
  }
  return { state: clampParticles(state, maxParticles), notes };
}

/** Replaces the address bar's search string with `state`'s (no history entry per knob turn). */
export function writeUrl(state: DemoState): void {
  const url = new URL(window.location.href);
  url.search = serializeState(state);
  window.history.replaceState(null, '', url);
}

/** Calls `onChange` with the parsed state whenever a control changes. */
export function onControlsChange(handler: (key: keyof DemoState) => void): void {
  for (const k of KEYS) control(k).addEventListener('change', () => handler(k));
}
