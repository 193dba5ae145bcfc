/**
 * Where the options page's time goes during an import: a CDP CPU profile (Profiler domain) of the page,
 * each sample attributed to a phase by its stack. The extension is built unminified, so function names
 * survive, and each chunk marks the module it inlines with a `// src/...` line: a frame's (url, line) gives its
 * source module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Phases in report order. */
export const PHASES = [
  'analysis (analyze)',
  'index add',
  'auto-compaction (in add)',
  'commit: compaction (writeCorpus)',
  'commit: snapshot serialisation (writeCorpus)',
  'reading + parsing files',
  'dedupe',
  'store: IndexedDB calls, rows (JS side)',
  'options page UI, progress',
  'other JS',
  'garbage collection',
  'idle (waiting: IndexedDB, yields)',
  'native / program',
] as const;
export type Phase = (typeof PHASES)[number];

export type PhaseTimes = Record<Phase, number>;

/** Which source module each line of a built chunk belongs to (from the `// src/...` and `// node_modules/...` markers). */
class ModuleMap {
  private readonly cache = new Map<string, string[] | null>();

  constructor(private readonly extensionDir: string) {}

  moduleOf(url: string, line: number): string | null {
    if (!url.startsWith('chrome-extension://')) return null;
    let lines = this.cache.get(url);
    if (lines === undefined) {
      const file = join(this.extensionDir, new URL(url).pathname);
      lines = null;
      if (existsSync(file)) {
        lines = [];
        let current = '';
        for (const l of readFileSync(file, 'utf8').split('\n')) {
          const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(l);
          if (m) current = m[1];
          lines.push(current);
        }
      }
      this.cache.set(url, lines);
    }
    return lines?.[line] ?? null;
  }
}

function classify(stack: CallFrame[], modules: ModuleMap): Phase {
  const leaf = stack[stack.length - 1];
  if (leaf.functionName === '(garbage collector)') return 'garbage collection';
  if (leaf.functionName === '(idle)') return 'idle (waiting: IndexedDB, yields)';
  if (leaf.functionName === '(program)' || leaf.functionName === '(root)') return 'native / program';
  const names = new Set(stack.map((f) => f.functionName));
  if (names.has('writeCorpus')) return names.has('compact') ? 'commit: compaction (writeCorpus)' : 'commit: snapshot serialisation (writeCorpus)';
  if (names.has('compact')) return 'auto-compaction (in add)';
  if (names.has('analyze') || names.has('analyzeText')) return 'analysis (analyze)';
  // The deepest frame of our own code decides.
  for (let i = stack.length - 1; i >= 0; i--) {
    const mod = modules.moduleOf(stack[i].url, stack[i].lineNumber);
    if (!mod) continue;
    if (mod.startsWith('src/core/formats/import/deduper')) return 'dedupe';
    if (mod.startsWith('src/core/formats/import/')) return 'reading + parsing files';
    if (/^src\/core\/(corpus|corpus-index|posting-table|sorted)\.ts$/.test(mod)) return 'index add';
    if (mod.startsWith('src/store/') || mod.startsWith('node_modules/idb')) return 'store: IndexedDB calls, rows (JS side)';
    if (mod.startsWith('src/ui/')) return 'options page UI, progress';
    return 'other JS';
  }
  return 'other JS';
}

/** Milliseconds per phase. */
export function phaseTimes(profile: CpuProfile, extensionDir: string): PhaseTimes {
  const modules = new ModuleMap(extensionDir);
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const phaseOf = new Map<number, Phase>();
  const nodePhase = (id: number): Phase => {
    let p = phaseOf.get(id);
    if (p) return p;
    const stack: CallFrame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.unshift(byId.get(at)!.callFrame);
    p = classify(stack, modules);
    phaseOf.set(id, p);
    return p;
  };
  const out = Object.fromEntries(PHASES.map((p) => [p, 0])) as PhaseTimes;
  for (let i = 0; i < profile.samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the next delta to it (the usual convention).
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    out[nodePhase(profile.samples[i])] += dt;
  }
  return out;
}

export async function startProfile(cdp: CDPSession, intervalUs = 2000): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await cdp.send('Profiler.start');
}

export async function stopProfile(cdp: CDPSession): Promise<CpuProfile> {
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.send('Profiler.disable');
  return profile;
}
