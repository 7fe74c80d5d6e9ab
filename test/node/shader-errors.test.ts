/**
 * WGSL composition and error reporting: includes and #if switches compose real files; a compile error names the
 * original file and line, also after includes shift the composed line numbers; GPU validation errors surface as
 * exceptions that name the operation.
 */
import { describe, expect, it } from 'vitest';
import { GpuError, WgslCompileError, withErrorScope } from '../../src/gpu/errors.js';
import { createShaderModuleFromFile } from '../../src/gpu/shader-module.js';
import { composeShader, ShaderCompositionError, shaderSources } from '../../src/gpu/shader-source.js';
import { useGpu } from '../shared/gpu.js';

describe('shader composition', () => {
  it('loads every .wgsl file under shaders/', () => {
    expect(Object.keys(shaderSources)).toContain('rng/philox.wgsl');
    expect(Object.keys(shaderSources)).toContain('ou/ou1d_em.wgsl');
  });

  it('pastes an include once and maps each line to its file', () => {
    const s = composeShader(
      'main',
      {},
      { main: '#include "rng/philox.wgsl"\n#include "rng/philox.wgsl"\nfn f() {}' },
    );
    expect(s.code.match(/fn philox4x32_10/g)).toHaveLength(1);
    const last = s.lines[s.lines.length - 1]!;
    expect(last).toEqual({ file: 'main', line: 3 });
    const mulhi = s.code.split('\n').findIndex((l) => l.startsWith('fn mulhi32'));
    const origin = s.lines[mulhi]!;
    expect(origin.file).toBe('rng/philox.wgsl');
    expect(shaderSources['rng/philox.wgsl']!.split('\n')[origin.line - 1]).toMatch(/^fn mulhi32/);
  });

  it('resolves #if / #else with wgsl-preprocessor and keeps line origins', () => {
    const src = 'const a = 1;\n#if FAST\nconst b = 2;\n#else\nconst b = 3;\n#endif\nconst c = 4;';
    for (const fast of [true, false]) {
      const s = composeShader('x', { FAST: fast }, { x: src });
      expect(s.code).toContain(fast ? 'const b = 2;' : 'const b = 3;');
      expect(s.code).not.toContain(fast ? 'const b = 3;' : 'const b = 2;');
      const c = s.code.split('\n').indexOf('const c = 4;');
      expect(s.lines[c]).toEqual({ file: 'x', line: 7 });
    }
  });

  it('rejects unknown includes and unset switches with the location', () => {
    expect(() => composeShader('x', {}, { x: 'const a = 1;\n#include "nope.wgsl"' })).toThrow(
      /unknown WGSL source "nope.wgsl" \(included from x:2\)/,
    );
    expect(() => composeShader('x', {}, { x: '#if FAST\n#endif' })).toThrow(ShaderCompositionError);
  });
});

describe('GPU errors on Dawn', () => {
  const gpu = useGpu();

  it('a broken shader fails with a message naming its file and line', async () => {
    const broken = [
      '// a user model with a type error on line 4',
      '#include "rng/philox.wgsl"',
      '',
      'fn bad() -> f32 { return 1u; }',
    ].join('\n');
    const err = await createShaderModuleFromFile(gpu().device, 'user/broken.wgsl', {
      extra: { 'user/broken.wgsl': broken },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WgslCompileError);
    expect((err as Error).message).toMatch(/user\/broken\.wgsl:4:\d+: error: /);
  });

  it('an error inside a shipped file names shaders/<file>:<line>', async () => {
    // Reuse a real file but break one of its functions through a define-free duplicate declaration.
    const err = await createShaderModuleFromFile(gpu().device, 'user/dup.wgsl', {
      extra: { 'user/dup.wgsl': '#include "rng/normal.wgsl"\nconst PI_F32: f32 = 3.0;' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WgslCompileError);
    expect((err as WgslCompileError).diagnostics.join('\n')).toMatch(
      /(shaders\/rng\/normal\.wgsl|user\/dup\.wgsl):\d+:\d+: error/,
    );
  });

  it('a validation error is thrown as a GpuError naming the operation', async () => {
    const { device } = gpu();
    const err = await withErrorScope(device, 'creating a uniform buffer with MAP_READ', () => {
      device.createBuffer({ label: 'bad', size: 4, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.MAP_READ });
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GpuError);
    expect((err as Error).message).toMatch(/^creating a uniform buffer with MAP_READ: validation error/);
  });
});
