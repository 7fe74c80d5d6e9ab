// Checks the TSDoc of the public API (the exports of src/index.ts and src/node.ts): every export has a doc
// comment; every function (and class constructor) documents each parameter with @param and, unless it returns
// void, its result with @returns; a function whose body throws directly documents @throws; the main entry points
// carry an @example. Prints what is missing and exits 1 if anything is.
//   node scripts/check-tsdoc.mjs [--allow DIR]...   (exports declared under an allowed directory are listed apart)
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = ['src/index.ts', 'src/node.ts'];
const EXAMPLES = [
  'createGpuContext',
  'runEnsemble',
  'runSgd',
  'runSde',
  'measureWeakOrder',
  'fitWeakOrder',
  'ouLaw',
  'ouLawNd',
  'solveFokkerPlanck1d',
  'gibbs1d',
  'requestNodeAdapter',
];
const allowed = [];
for (let i = 2; i < process.argv.length; i++)
  if (process.argv[i] === '--allow') allowed.push(process.argv[++i]);

const program = ts.createProgram(
  ENTRIES.map((e) => join(ROOT, e)),
  {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  },
);
const checker = program.getTypeChecker();

/** Whether `node` (a function body) has a throw statement of its own (not inside a nested function). */
function throwsDirectly(node) {
  let found = false;
  const visit = (n) => {
    if (found) return;
    if (ts.isThrowStatement(n)) found = true;
    else if (!ts.isFunctionLike(n) && !ts.isClassLike(n)) ts.forEachChild(n, visit);
  };
  if (node) ts.forEachChild(node, visit);
  return found;
}

function docOf(decl) {
  const docs = ts.getJSDocCommentsAndTags(decl).filter((d) => ts.isJSDoc(d));
  return docs.at(-1);
}

function tagsOf(doc) {
  return doc?.tags ?? [];
}

function checkFunctionLike(name, decl, doc, problems) {
  const tags = tagsOf(doc);
  const params = new Set(tags.filter(ts.isJSDocParameterTag).map((t) => t.name.getText()));
  for (const p of decl.parameters) {
    const pn = ts.isIdentifier(p.name) ? p.name.text : p.name.getText();
    if (!params.has(pn) && !ts.isObjectBindingPattern(p.name)) problems.push(`${name}: no @param ${pn}`);
  }
  if (!ts.isConstructorDeclaration(decl)) {
    const sig = checker.getSignatureFromDeclaration(decl);
    const ret = sig && checker.typeToString(checker.getReturnTypeOfSignature(sig));
    const hasReturns = tags.some((t) => ['returns', 'return'].includes(t.tagName.text));
    if (ret && ret !== 'void' && ret !== 'Promise<void>' && ret !== 'never' && !hasReturns)
      problems.push(`${name}: no @returns`);
  }
  if (throwsDirectly(decl.body) && !tags.some((t) => t.tagName.text === 'throws'))
    problems.push(`${name}: throws but has no @throws`);
}

const seen = new Set();
const missing = [];
const allowedMissing = [];
for (const entry of ENTRIES) {
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(join(ROOT, entry)));
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    const name = exported.name;
    const problems = [];
    const decls = symbol.declarations ?? [];
    const file = decls[0] ? relative(ROOT, decls[0].getSourceFile().fileName) : '?';
    // Overloads: the implementation may be undocumented when every overload is.
    const documented = decls.filter((d) => docOf(d) !== undefined);
    if (documented.length === 0) problems.push(`${name}: no doc comment`);
    for (const decl of decls) {
      const doc = docOf(decl) ?? (documented[0] && docOf(documented[0]));
      if (ts.isFunctionDeclaration(decl) && decl.body) checkFunctionLike(name, decl, doc, problems);
      if (ts.isClassDeclaration(decl)) {
        for (const m of decl.members) {
          if (ts.isConstructorDeclaration(m) && m.parameters.length > 0)
            checkFunctionLike(`${name} constructor`, m, docOf(m), problems);
        }
      }
      if (EXAMPLES.includes(name) && !tagsOf(doc).some((t) => t.tagName.text === 'example'))
        problems.push(`${name}: no @example`);
    }
    const line = (p) => `${file}: ${p}`;
    if (allowed.some((dir) => file.startsWith(dir))) allowedMissing.push(...problems.map(line));
    else missing.push(...problems.map(line));
  }
}
for (const m of missing) console.log(m);
if (allowedMissing.length > 0) {
  console.log(`\nunder ${allowed.join(', ')} (not failing the check):`);
  for (const m of allowedMissing) console.log(m);
}
console.log(
  `\ntsdoc: ${seen.size} public exports, ${missing.length} problems${allowedMissing.length ? ` (+${allowedMissing.length} allowed)` : ''}`,
);
process.exit(missing.length > 0 ? 1 : 0);
