/** Shader modules from composed `.wgsl` files, with compiler messages mapped back to file and line. */
import { WgslCompileError, withErrorScope } from './errors.js';
import { type ComposedShader, composeShader, type ShaderDefines, shaderSources } from './shader-source.js';

/** Formats one compiler message as `shaders/file.wgsl:line:column: type: text`. */
export function locateMessage(shader: ComposedShader, m: GPUCompilationMessage): string {
  const origin = m.lineNum > 0 ? shader.lines[m.lineNum - 1] : undefined;
  const file = origin && (origin.file in shaderSources ? `shaders/${origin.file}` : origin.file);
  const where = origin ? `${file}:${origin.line}:${m.linePos}` : `<composed>:${m.lineNum}:${m.linePos}`;
  return `${where}: ${m.type}: ${m.message}`;
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
  const errors = messages.filter((m) => m.type === 'error').map((m) => locateMessage(shader, m));
  if (errors.length > 0) {
    throw new WgslCompileError(`WGSL compilation failed for ${label}:\n${errors.join('\n')}`, errors);
  }
  return module;
}
