/** Shader modules from composed `.wgsl` files, with compiler messages mapped back to file and line. */
import { WgslCompileError, withErrorScope } from './errors.js';
import {
  type ComposedShader,
  composeShader,
  isUserSnippet,
  type ShaderDefines,
  shaderSources,
} from './shader-source.js';

/** Where a compiler message points, as `shaders/file.wgsl:line:column` (or `<snippet>:line:column`). */
function locationOf(shader: ComposedShader, m: GPUCompilationMessage): string {
  const origin = m.lineNum > 0 ? shader.lines[m.lineNum - 1] : undefined;
  const file = origin && (origin.file in shaderSources ? `shaders/${origin.file}` : origin.file);
  return origin ? `${file}:${origin.line}:${m.linePos}` : `<composed>:${m.lineNum}:${m.linePos}`;
}

const inSnippet = (shader: ComposedShader, m: GPUCompilationMessage) => {
  const origin = m.lineNum > 0 ? shader.lines[m.lineNum - 1] : undefined;
  return origin !== undefined && isUserSnippet(origin.file);
};

/** The module-scope declaration of `name` in the user snippets of `sources`, as `snippet:line:column`. */
function snippetDeclaration(sources: Readonly<Record<string, string>>, name: string): string | undefined {
  const decl = new RegExp(`^(.*?\\b(?:fn|var(?:<[^>]*>)?|const|override|struct|alias)\\s+)${name}\\b`);
  for (const [file, text] of Object.entries(sources)) {
    if (!isUserSnippet(file)) continue;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const m = decl.exec(lines[i]!);
      if (m) return `${file}:${i + 1}:${m[1]!.length + 1}`;
    }
  }
  return undefined;
}

/**
 * The compiler's errors, each located in its `.wgsl` file or user snippet. A name the user snippet declares that
 * the engine also declares ("redeclaration") is reported at the snippet's declaration, with the engine's as a note.
 */
export function compileErrors(
  shader: ComposedShader,
  messages: readonly GPUCompilationMessage[],
  sources: Readonly<Record<string, string>> = {},
): string[] {
  const out: string[] = [];
  messages.forEach((m, i) => {
    if (m.type !== 'error') return;
    const here = locationOf(shader, m);
    if (!inSnippet(shader, m)) {
      // Notes follow their error; one in a user snippet is where the user's clashing declaration is.
      let j = i + 1;
      let note: GPUCompilationMessage | undefined;
      for (; j < messages.length && messages[j]!.type === 'info'; j++)
        if (inSnippet(shader, messages[j]!)) note = messages[j];
      const name = /redeclaration of '([A-Za-z_][A-Za-z0-9_]*)'/.exec(m.message)?.[1];
      const snippet = note ? locationOf(shader, note) : name ? snippetDeclaration(sources, name) : undefined;
      if (snippet) {
        out.push(`${snippet}: error: ${m.message} (the engine declares it at ${here}; rename yours)`);
        return;
      }
    }
    out.push(`${here}: ${m.type}: ${m.message}`);
  });
  return out;
}

/**
 * Composes `entry` (a path under `shaders/`), compiles it, and throws a {@link WgslCompileError} whose message
 * names the `.wgsl` file and line of every error.
 */
export async function createShaderModuleFromFile(
  device: GPUDevice,
  entry: string,
  options: { defines?: ShaderDefines; extra?: Record<string, string>; label?: string } = {},
): Promise<GPUShaderModule> {
  const shader = composeShader(entry, options.defines, options.extra);
  const label = options.label ?? entry;
  let module!: GPUShaderModule;
  let messages: readonly GPUCompilationMessage[] = [];
  try {
    await withErrorScope(device, `compiling ${label}`, async () => {
      module = device.createShaderModule({ label, code: shader.code });
      messages = (await module.getCompilationInfo()).messages;
    });
  } catch (e) {
    if (!messages.some((m) => m.type === 'error')) throw e;
  }
  const errors = compileErrors(shader, messages, options.extra);
  if (errors.length > 0) {
    const userInput = shader.lines.some((l) => isUserSnippet(l.file));
    throw new WgslCompileError(
      `WGSL compilation failed for ${label}:\n${errors.join('\n')}`,
      errors,
      userInput,
    );
  }
  return module;
}
