import fs from 'node:fs';
import path from 'node:path';
import type { SeedStats } from './database.ts';
import type { LoadResult, LoadSettings } from './load.ts';
import type { Endpoint, PickedIds } from './scenario.ts';
import type { ServerMemory } from './server-process.ts';

export interface EndpointReport {
  key: Endpoint['key'];
  name: string;
  method: string;
  path: string;
  /** Why the endpoint was not measured (it did not answer 200), if so. */
  skipped?: string;
  result?: LoadResult;
  /** Requests per second relative to (a) GET /healthz. */
  ratioToHealthz?: number;
}

export interface TargetCheck {
  target: string;
  actual: string;
  met: boolean;
}

export interface EngineReport {
  engine: string;
  startedAt: string;
  machine: {
    cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string;
    /** 1-minute load average when the measurements started and ended: other work on the machine skews the figures. */
    loadAverage: { start: number; end: number };
  };
  note: string;
  settings: LoadSettings & { customers: number; reservationsPerCustomer: number };
  database: string;
  seed: SeedStats;
  ids: PickedIds;
  endpoints: EndpointReport[];
  serverMemory: ServerMemory;
  /** Whether the targets are binding for this engine (they are set for SQLite). */
  targetsBinding: boolean;
  targets: TargetCheck[];
}

export const SHARED_CPU_NOTE = (cpus: number) =>
  `The load generator (autocannon) runs on the same ${cpus}-core machine as the server and competes with it for CPU, ` +
  'so requests/s are lower than the server alone would reach, and /healthz in particular is limited mostly by autocannon itself. ' +
  '"srv CPU ms/req" (the server process\'s CPU time per answered request, from /proc) is the figure least affected by the sharing.';

export function withRatios(endpoints: EndpointReport[]): EndpointReport[] {
  const base = endpoints.find((e) => e.key === 'a')?.result?.requestsPerSecond;
  return endpoints.map((e) => ({
    ...e,
    ratioToHealthz: base && e.result ? Math.round((e.result.requestsPerSecond / base) * 1000) / 1000 : undefined,
  }));
}

/** The targets set for SQLite: (b) ≥ 0.5×(a); (c), (d) ≥ 0.25×(a) with p99 < 50 ms; peak RSS < 300 MB. */
export function checkTargets(endpoints: EndpointReport[], memory: ServerMemory): TargetCheck[] {
  const by = (k: Endpoint['key']) => endpoints.find((e) => e.key === k);
  const out: TargetCheck[] = [];
  const ratioTarget = (k: Endpoint['key'], min: number, p99Max?: number) => {
    const e = by(k);
    const ratio = e?.ratioToHealthz;
    const r = e?.result;
    const label = `(${k}) ${e?.name ?? k}: ≥ ${min}×(a)${p99Max ? `, p99 < ${p99Max} ms` : ''}`;
    if (!r || ratio === undefined) {
      out.push({ target: label, actual: e?.skipped ? `not measured: ${e.skipped.slice(0, 80)}` : 'not measured', met: false });
      return;
    }
    const okRatio = ratio >= min && r.errors === 0;
    const okP99 = p99Max === undefined || r.latencyMs.p99 < p99Max;
    const actual = `${ratio.toFixed(2)}×(a)${p99Max ? `, p99 ${r.latencyMs.p99} ms` : ''}${r.errors ? `, ${r.errors} errors` : ''}`;
    out.push({ target: label, actual, met: okRatio && okP99 });
  };
  ratioTarget('b', 0.5);
  ratioTarget('c', 0.25, 50);
  ratioTarget('d', 0.25, 50);
  out.push({ target: 'server peak RSS (VmHWM) < 300 MB', actual: `${memory.peakRssMb} MB`, met: memory.peakRssMb < 300 });
  return out;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

export function formatReport(r: EngineReport): string {
  const lines: string[] = [];
  const cols = [
    { title: 'endpoint', width: 40 },
    { title: 'req/s', width: 8, right: true },
    { title: 'p50 ms', width: 8, right: true },
    { title: 'p99 ms', width: 8, right: true },
    { title: 'errors', width: 7, right: true },
    { title: '×(a)', width: 6, right: true },
    { title: 'srv CPU ms/req', width: 15, right: true },
    { title: 'KB/resp', width: 8, right: true },
  ];
  const row = (cells: string[]) => cells.map((c, i) => pad(c, cols[i]!.width, cols[i]!.right)).join('  ');
  lines.push(`== ${r.engine}: ${r.settings.customers.toLocaleString('en-US')} customers × ${r.settings.reservationsPerCustomer} reservations + demo data, ` +
    `${r.settings.connections} connections, ${r.settings.duration} s per endpoint after ${r.settings.warmup} s warm-up ==`);
  lines.push(row(cols.map((c) => c.title)));
  lines.push(row(cols.map((c) => '-'.repeat(c.width))));
  for (const e of r.endpoints) {
    const label = `(${e.key}) ${e.name}`;
    if (!e.result) {
      lines.push(row([label, '-', '-', '-', 'n/a', '-', '-', '-']) + `  not measured: ${e.skipped ?? ''}`);
      continue;
    }
    const x = e.result;
    lines.push(row([
      label, String(x.requestsPerSecond), x.latencyMs.p50.toFixed(2), x.latencyMs.p99.toFixed(2), String(x.errors),
      e.ratioToHealthz === undefined ? '-' : e.ratioToHealthz.toFixed(2), x.serverCpuMsPerRequest.toFixed(2),
      (x.bytesPerResponse / 1024).toFixed(1),
    ]));
  }
  const m = r.serverMemory;
  lines.push(`server peak RSS (VmHWM) ${m.peakRssMb} MB; RSS idle after start ${m.idleRssMb} MB, max sampled ${m.maxSampledRssMb} MB, at end ${m.finalRssMb} MB`);
  lines.push(`seeding: ${r.seed.totalSeconds} s (demo ${r.seed.demo.seconds} s; ${r.seed.scale.customers.toLocaleString('en-US')} customers / ` +
    `${r.seed.scale.reservations.toLocaleString('en-US')} reservations in ${r.seed.scale.seconds} s)`);
  if (r.seed.analyzeSeconds !== undefined) lines.push(`planner statistics: ANALYZE of the bench schema after seeding took ${r.seed.analyzeSeconds} s`);
  lines.push(`machine: ${r.machine.cpus} × ${r.machine.cpuModel}, load average ${r.machine.loadAverage.start.toFixed(1)} at start, ${r.machine.loadAverage.end.toFixed(1)} at end of the measurements`);
  lines.push(`note: ${r.note}`);
  lines.push(`targets${r.targetsBinding ? ' (set for SQLite)' : ' (set for SQLite; shown for comparison only)'}:`);
  for (const t of r.targets) lines.push(`  [${t.met ? 'met   ' : 'MISSED'}] ${t.target} — ${t.actual}`);
  return lines.join('\n');
}

export function writeJson(dir: string, r: EngineReport): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `api-${r.engine}.json`);
  fs.writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
  return file;
}
