/** Checks on JSON text that `JSON.parse` does not make: number literals beyond the range of a double. */

type Frame =
  | { kind: 'object'; key: string | undefined; expectKey: boolean }
  | { kind: 'array'; index: number };

function pathOf(stack: Frame[]): string {
  let path = '';
  for (const f of stack) {
    if (f.kind === 'array') path += `[${f.index}]`;
    else if (f.key !== undefined) path += path === '' ? f.key : `.${f.key}`;
  }
  return path;
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\]|\\.)*"/y;

/**
 * The first number literal of valid JSON `text` that overflows a double (`JSON.parse` reads it as ±Infinity),
 * with the path of its field (`dt`, `model.params.A[0][1]`), or undefined when there is none.
 */
export function overflowingNumber(
  text: string,
): { path: string; literal: string; value: number } | undefined {
  const stack: Frame[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (c === '{') {
      stack.push({ kind: 'object', key: undefined, expectKey: true });
      i++;
    } else if (c === '[') {
      stack.push({ kind: 'array', index: 0 });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      if (top?.kind === 'array') top.index++;
      else if (top?.kind === 'object') top.expectKey = true;
      i++;
    } else if (c === ':') {
      if (top?.kind === 'object') top.expectKey = false;
      i++;
    } else if (c === '"') {
      STRING.lastIndex = i;
      const m = STRING.exec(text);
      if (!m) return undefined;
      if (top?.kind === 'object' && top.expectKey) top.key = JSON.parse(m[0]) as string;
      i += m[0].length;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return undefined;
      const value = Number(m[0]);
      if (!Number.isFinite(value)) return { path: pathOf(stack), literal: m[0], value };
      i += m[0].length;
    } else i++;
  }
  return undefined;
}
