/**
 * WGSL sources: every `.wgsl` file under `shaders/` is bundled as a string by Vite's `import.meta.glob`, which
 * works the same in the dev server, the browser test runner, the Node test runner and the Node CLI bundle.
 *
 * Composition: a line `#include "rng/philox.wgsl"` pastes another file in (once per shader, include guards are
 * implicit); `#if NAME` / `#elif NAME` / `#else` / `#endif` choose between blocks by the boolean `defines[NAME]`,
 * evaluated by `wgsl-preprocessor`. Every output line keeps a record of the file and line it came from, so
 * compiler messages can name the original `.wgsl` file and line.
 */
import { wgsl } from 'wgsl-preprocessor/wgsl-preprocessor.js';

const modules = import.meta.glob('../../shaders/**/*.wgsl', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Map from a path relative to `shaders/` (e.g. `rng/philox.wgsl`) to its WGSL text. */
export const shaderSources: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    Object.entries(modules).map(([path, text]) => [path.replace(/^.*\/shaders\//, ''), text]),
  ),
);

/** Where one line of composed WGSL came from. */
export interface SourceLocation {
  /** File relative to `shaders/`, or `<inline>` for text given directly. */
  file: string;
  /** 1-based line in that file. */
  line: number;
}

/** WGSL text ready for `createShaderModule`, with a line map back to the `.wgsl` files. */
export interface ComposedShader {
  code: string;
  /** `lines[k]` is the origin of line k+1 of `code`. */
  lines: SourceLocation[];
}

/**
 * True for the name of a user snippet: an extra source named `user …` (`user model`, `user potential`,
 * `user observables`, `user region`). A compile error in a shader that includes one is bad input.
 */
export function isUserSnippet(file: string): boolean {
  return file.startsWith('user ');
}

/** Values for `#if NAME` switches. */
export type ShaderDefines = Readonly<Record<string, boolean | number>>;

const INCLUDE = /^\s*#include\s+"([^"]+)"\s*$/;
const CONDITIONAL = /^(\s*)#(if|elif)\s+([A-Za-z_][A-Za-z0-9_]*)\s*$/;
const MARK = '\u0001';

/** Raised when composition fails (unknown include, unknown define, unbalanced `#if`). */
export class ShaderCompositionError extends Error {
  override name = 'ShaderCompositionError';
}

/**
 * Resolves `#include` lines recursively, then runs `wgsl-preprocessor` over the result. Extra WGSL (for example a
 * user's model snippet) can be appended with `extra`, which is reported as file `<name>` in messages.
 */
export function composeShader(
  entry: string,
  defines: ShaderDefines = {},
  extra: Readonly<Record<string, string>> = {},
  sources: Readonly<Record<string, string>> = shaderSources,
): ComposedShader {
  const lookup = (file: string): string | undefined => extra[file] ?? sources[file];
  const origins: SourceLocation[] = [];
  const out: string[] = [];
  const included = new Set<string>();

  const visit = (file: string, from?: SourceLocation): void => {
    if (included.has(file)) return;
    const text = lookup(file);
    if (text === undefined) {
      const where = from ? ` (included from ${from.file}:${from.line})` : '';
      throw new ShaderCompositionError(`unknown WGSL source "${file}"${where}`);
    }
    included.add(file);
    text.split('\n').forEach((raw, i) => {
      const here = { file, line: i + 1 };
      const inc = INCLUDE.exec(raw);
      if (inc) {
        visit(inc[1]!, here);
        return;
      }
      // Each line carries the index of its origin behind a control character the preprocessor passes through.
      out.push(`${raw.replace(/\r$/, '')} ${MARK}${origins.length}${MARK}`);
      origins.push(here);
    });
  };
  visit(entry);

  // Turn `#if NAME` into the tagged-template form wgsl-preprocessor expects: `#if ${value}`.
  const strings: string[] = [''];
  const values: boolean[] = [];
  for (const line of out) {
    const cond = CONDITIONAL.exec(line.slice(0, line.indexOf(MARK)));
    if (cond) {
      const name = cond[3]!;
      if (!(name in defines)) {
        const origin = origins[Number(line.slice(line.indexOf(MARK) + 1, line.lastIndexOf(MARK)))]!;
        throw new ShaderCompositionError(
          `${origin.file}:${origin.line}: #${cond[2]} ${name}: no value given for "${name}"`,
        );
      }
      strings[strings.length - 1] += `${cond[1]}#${cond[2]} `;
      values.push(Boolean(defines[name]));
      strings.push(`${line.slice(line.indexOf(MARK))}\n`);
    } else {
      strings[strings.length - 1] += `${line}\n`;
    }
  }
  let processed: string;
  try {
    processed = wgsl(Object.assign([...strings], { raw: strings }) as TemplateStringsArray, ...values);
  } catch (e) {
    throw new ShaderCompositionError(`${entry}: ${(e as Error).message}`);
  }

  const code: string[] = [];
  const lines: SourceLocation[] = [];
  for (const line of processed.split('\n')) {
    const m = new RegExp(`^(.*?)${MARK}(\\d+)${MARK}\\s*$`).exec(line);
    if (m) {
      code.push(m[1]!.trimEnd());
      lines.push(origins[Number(m[2])]!);
    } else if (line.trim() !== '') {
      code.push(line);
      lines.push(lines[lines.length - 1] ?? { file: entry, line: 1 });
    }
  }
  return { code: code.join('\n'), lines };
}
