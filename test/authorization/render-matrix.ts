import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MATRIX, ROLE_NAMES, ROLES, TENANTS, CUSTOMER_NAMES } from './matrix.ts';

/** The matrix as a Markdown document (docs/authorization-matrix.md); the test checks it is current. */
export function renderMatrix(): string {
  const lines = [
    '# Authorization matrix',
    '',
    'Generated from `test/authorization/matrix.ts` by `node --import tsx test/authorization/render-matrix.ts`; do not edit by hand.',
    'Each cell is the HTTP status on a resource of the role\'s own tenant / of a foreign tenant. `test/authorization/matrix.test.ts`',
    'asserts every cell on SQLite and PostgreSQL and fails when a route of `allRoutes()` has no row.',
    '',
    '| role | account | own tenant | foreign tenant |',
    '|---|---|---|---|',
    ...ROLES.map((r) => `| ${r} | ${ROLE_NAMES[r]} | ${CUSTOMER_NAMES[TENANTS[r].own]} | ${CUSTOMER_NAMES[TENANTS[r].foreign]} |`),
    '',
    `| operationId | ${ROLES.join(' | ')} |`,
    `|---|${ROLES.map(() => '---').join('|')}|`,
    ...MATRIX.map((row) => `| ${row.operationId} | ${ROLES.map((r) => row.expect[r]).join(' | ')} |`),
    '',
    '## Notes',
    '',
    ...MATRIX.filter((r) => r.note).map((r) => `- **${r.operationId}**: ${r.note}`),
    '',
  ];
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = new URL('../../docs/authorization-matrix.md', import.meta.url);
  fs.mkdirSync(new URL('.', out), { recursive: true });
  fs.writeFileSync(out, renderMatrix());
  console.log(`wrote ${fileURLToPath(out)}`);
}
