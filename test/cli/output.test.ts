import assert from 'node:assert/strict';
import fs from 'node:fs';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { describe, test } from 'node:test';
import { configDir, readCredentials, writeCredentials } from '../../src/cli/credentials.ts';
import { displayWidth, formatDate, formatMoney, pageFooter, table } from '../../src/cli/output.ts';
import type { Io } from '../../src/cli/io.ts';
import { promptSecret } from '../../src/cli/prompt.ts';
import { parseReservationRef } from '../../src/cli/reservation-view.ts';
import { tempDir } from './cli-runner.ts';

/** The CLI's formatting and file helpers, in-process (no child process needed). */
describe('resdesk output helpers', () => {
  test('money keeps the currency and its decimals, grouped by thousands', () => {
    assert.equal(formatMoney(1234.5, 'USD'), 'USD 1,234.50');
    assert.equal(formatMoney(1500000, 'KRW'), 'KRW 1,500,000');
    assert.equal(formatMoney(-0.05, 'EUR'), 'EUR -0.05');
    assert.equal(formatMoney(12, 'jpy'), 'JPY 12');
    assert.equal(formatMoney(undefined, 'USD'), '');
  });

  test('dates print as the UTC calendar day', () => {
    assert.equal(formatDate('2026-12-31T23:30:00.000-02:00'), '2027-01-01');
    assert.equal(formatDate('2026-11-27'), '2026-11-27');
    assert.equal(formatDate(undefined), '');
  });

  test('tables align on display width, right-align numbers, and leave the last column unpadded', () => {
    assert.equal(displayWidth('한빛제조'), 8);
    assert.equal(displayWidth('abc'), 3);
    const lines = table([{ n: '한빛', q: 2, x: 'a' }, { n: 'Contoso', q: 100, x: 'bb' }], [
      { header: 'name', value: (r) => r.n },
      { header: 'qty', value: (r) => r.q, align: 'right' },
      { header: 'x', value: (r) => r.x },
    ]);
    assert.deepEqual(lines, [
      'NAME     QTY  X',
      '한빛       2  a',
      'Contoso  100  bb',
    ]);
  });

  test('page footers say what part of the list is shown', () => {
    assert.equal(pageFooter(0, 3, 3, 'customer', '--offset'), '3 customers.');
    assert.equal(pageFooter(0, 1, 1, 'customer', '--offset'), '1 customer.');
    assert.equal(pageFooter(40, 10, 50, 'customer', '--offset'), 'Showing 41–50 of 50 customers.');
    assert.equal(pageFooter(0, 40, 50, 'customer', '--offset'), 'Showing 1–40 of 50 customers; use --offset for more.');
    assert.equal(pageFooter(0, 0, 0, 'customer', '--offset'), 'No customers.');
  });

  test('reservation references: order/reservation or the Azure resource id', () => {
    const o = '11111111-1111-4111-8111-111111111111';
    const r = '22222222-2222-4222-8222-222222222222';
    assert.deepEqual(parseReservationRef(`${o}/${r}`), { orderId: o, reservationId: r });
    assert.deepEqual(parseReservationRef(`/providers/microsoft.capacity/reservationOrders/${o}/reservations/${r}`), { orderId: o, reservationId: r });
    assert.equal(parseReservationRef(o), undefined);
    assert.equal(parseReservationRef(`${o}/${r}/extra`), undefined);
  });

  test('the config folder follows RESDESK_CONFIG_DIR, then XDG_CONFIG_HOME, then ~/.config', () => {
    assert.equal(configDir({ RESDESK_CONFIG_DIR: '/a/b', XDG_CONFIG_HOME: '/x' }), '/a/b');
    assert.equal(configDir({ XDG_CONFIG_HOME: '/x' }), '/x/resdesk');
    assert.equal(configDir({ HOME: '/home/u' }), '/home/u/.config/resdesk');
  });

  test('credentials are written 0600 even over a wider file, and read back', () => {
    const dir = tempDir('creds-unit');
    try {
      const env = { RESDESK_CONFIG_DIR: dir };
      fs.writeFileSync(path.join(dir, 'credentials.json'), '{}', { mode: 0o644 });
      const creds = { server: 'http://h:1', token: 't', email: 'e@x', expiresAt: '2030-01-01T00:00:00.000Z' };
      const file = writeCredentials(env, creds);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.deepEqual(readCredentials(env), creds);
      assert.deepEqual(fs.readdirSync(dir), ['credentials.json'], 'no temporary file left behind');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the password prompt reads raw keys without echoing them and restores the terminal', async () => {
    const modes: boolean[] = [];
    const stdin = Object.assign(new PassThrough(), {
      isRaw: false,
      setRawMode(mode: boolean) {
        modes.push(mode);
        this.isRaw = mode;
        return this;
      },
    });
    let written = '';
    const io = { err: (t: string) => (written += t), stdin } as unknown as Io;
    const answer = promptSecret(io, 'Password: ');
    stdin.write('secrex\u007ft');
    stdin.write('\r');
    assert.equal(await answer, 'secret');
    assert.equal(written, 'Password: \n', 'nothing of the password is echoed');
    assert.deepEqual(modes, [true, false]);
  });
});
