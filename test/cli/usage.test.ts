import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, describe, test } from 'node:test';
import { assertFailure, assertOk, parseJson, runCli, tempDir } from './cli-runner.ts';

/** The command line itself: help, usage errors, and the error line without a server. */
describe('resdesk command line', () => {
  const config = tempDir('usage');
  const env = { RESDESK_CONFIG_DIR: config, DATA_DIR: config, RESDESK_SERVER: 'http://127.0.0.1:9' };
  const cli = (...args: string[]) => runCli(args, env);
  after(() => fs.rmSync(config, { recursive: true, force: true }));

  test('help and --help list every command; a command\'s --help shows its usage', async () => {
    const [help, dashed, none, json, purchase, group, leading] = await Promise.all([
      cli('help'), cli('--help'), cli(), cli('help', '--json'), cli('purchase', '--help'), cli('help', 'reservations'), cli('--json', 'help', 'catalog'),
    ]);
    for (const r of [help, dashed, none]) {
      assertOk(r);
      for (const name of ['serve', 'seed', 'login', 'logout', 'customers list', 'customers show', 'reservations list',
        'reservations show', 'catalog', 'purchase', 'refund quote', 'refund run', 'exchange quote', 'exchange run', 'requests list',
        'requests show', 'requests create', 'requests message', 'requests approve', 'requests reject', 'requests close', 'allowance',
        'credits', 'invoices', 'prices import', 'help']) {
        assert.match(r.stdout, new RegExp(`^  ${name} +\\S`, 'm'), `${name} listed`);
      }
    }
    assert.equal(dashed.stdout, help.stdout);
    const names = parseJson(json).commands.map((c: { name: string }) => c.name);
    assert.ok(names.includes('prices import') && names.includes('reservations show'));
    assert.deepEqual(parseJson(leading).commands.map((c: { name: string }) => c.name), ['catalog'], '--json may come before the command');
    assertOk(purchase);
    assert.match(purchase.stdout, /^Usage: resdesk purchase --customer ID --subscription SUBID/);
    assert.match(purchase.stdout, /--idempotency-key K/);
    assertOk(group);
    assert.match(group.stdout, /^Usage: resdesk reservations list /m);
    assert.match(group.stdout, /^Usage: resdesk reservations show /m);
  });

  test('an unknown command, subcommand or option is a usage error: exit 2, one line', async () => {
    const [command, sub, bare, option, value, size, extra, helpOf] = await Promise.all([
      cli('frobnicate'),
      cli('customers', 'delete'),
      cli('customers'),
      cli('catalog', '--colour', 'red'),
      cli('customers', 'list', '--search'),
      cli('customers', 'list', '--size', 'many'),
      cli('customers', 'show', 'a', 'b'),
      cli('help', 'frobnicate'),
    ]);
    assertFailure(command, 2, /^resdesk: unknown command "frobnicate"; run resdesk help for the list$/);
    assertFailure(sub, 2, /^resdesk: unknown command "customers delete"; "resdesk customers" takes list, show$/);
    assertFailure(bare, 2, /needs a subcommand: list, show/);
    assertFailure(option, 2, /^resdesk: catalog: unknown option --colour$/);
    assertFailure(value, 2, /^resdesk: customers list: option --search needs a value$/);
    assertFailure(size, 2, /^resdesk: customers list: --size must be a whole number from 1 to 500, got "many"$/);
    assertFailure(extra, 2, /unexpected argument "b"/);
    assertFailure(helpOf, 2, /help: unknown command "frobnicate"/);
  });

  test('server commands without a sign-in say so; login without a password and terminal fails clearly', async () => {
    const [customers, reservations, purchase, login, unreachable] = await Promise.all([
      cli('customers', 'list', '--json'),
      cli('reservations', 'show', 'a/b'),
      cli('purchase', '--customer', 'c', '--subscription', 's', '--type', 'VirtualMachines', '--sku', 'x', '--location', 'eastus',
        '--term', 'P1Y', '--plan', 'Upfront', '--quantity', '1'),
      cli('login', '--email', 'someone@example.com'),
      runCli(['login', '--email', 'someone@example.com', '--password', 'x'], env),
    ]);
    for (const r of [customers, reservations, purchase]) assertFailure(r, 1, /^resdesk: not signed in, run resdesk login$/);
    assertFailure(login, 2, /^resdesk: login: no password; pass --password, set RESDESK_PASSWORD/);
    assertFailure(unreachable, 1, /^resdesk: cannot reach http:\/\/127\.0\.0\.1:9: connection refused/);
    assert.deepEqual(fs.readdirSync(config), []);
  });

  test('corrupt or expired credentials are reported, not crashed on', async () => {
    const dir = tempDir('creds');
    try {
      fs.writeFileSync(`${dir}/credentials.json`, '{not json');
      const corrupt = await runCli(['whoami'], { RESDESK_CONFIG_DIR: dir });
      assertFailure(corrupt, 1, /credentials\.json is not valid JSON; run resdesk login again$/);
      fs.writeFileSync(`${dir}/credentials.json`, JSON.stringify({ server: 'http://127.0.0.1:9', token: 't', email: 'a@b.c', expiresAt: '2001-01-01T00:00:00.000Z' }));
      const expired = await runCli(['catalog'], { RESDESK_CONFIG_DIR: dir });
      assertFailure(expired, 1, /^resdesk: the sign-in of a@b\.c to http:\/\/127\.0\.0\.1:9 expired at 2001-01-01T00:00:00\.000Z, run resdesk login$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
