/**
 * Lints snippets as if they were files of the repository, with its eslint.config.js, and returns one rule's
 * messages (and any fatal parse error) per snippet, in order. One child Node process lints every case
 * (ESLint loads its config as native ESM).
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface LintCase {
  file: string;
  code: string;
}

export function lintMessages(cases: readonly LintCase[], ruleId: string): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    const eslint = new ESLint({ cwd: ${JSON.stringify(ROOT)} });
    const out = [];
    for (const c of ${JSON.stringify(cases)}) {
      const [result] = await eslint.lintText(c.code, { filePath: c.file });
      out.push(result.messages.filter((m) => m.ruleId === ${JSON.stringify(ruleId)} || m.fatal).map((m) => m.message));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}
