declare module 'wgsl-preprocessor/wgsl-preprocessor.js' {
  /** Template tag that resolves `#if ${cond}` / `#elif ${cond}` / `#else` / `#endif` blocks in WGSL text. */
  export function wgsl(strings: TemplateStringsArray, ...values: unknown[]): string;
}
