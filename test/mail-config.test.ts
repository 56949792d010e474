import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../sync-server/src/config.js';
import { isLoopbackSmtp } from '../sync-server/src/mail/config.js';
import { mailTransport } from '../sync-server/src/mail/transport.js';
import { TestSmtp } from './smtp.js';

describe('mail configuration', () => {
  it('takes smtp:// and smtps:// addresses, and names the variable of anything else', () => {
    expect(configFromEnv({ TABLERO_SMTP_URL: 'smtps://u:p@mail.example.org:465' }).mail.smtpUrl).toBe(
      'smtps://u:p@mail.example.org:465',
    );
    expect(configFromEnv({}).mail).toMatchObject({ smtpUrl: undefined, from: 'Tablero <tablero@localhost>' });
    expect(configFromEnv({}).mail.digest).toEqual({ hour: 7, timeZone: 'UTC' });
    expect(configFromEnv({ TZ: 'America/Bogota' }).mail.digest.timeZone).toBe('America/Bogota');
    expect(configFromEnv({ TABLERO_DIGEST_HOUR: '18', TABLERO_TIME_ZONE: 'America/Mexico_City' }).mail.digest).toEqual({
      hour: 18,
      timeZone: 'America/Mexico_City',
    });
    // Bounces go to the From address unless told otherwise.
    expect(configFromEnv({ TABLERO_MAIL_FROM: 'Avisos <avisos@tablero.example>' }).mail.bounceAddress).toBe(
      'avisos@tablero.example',
    );
    expect(configFromEnv({ TABLERO_BOUNCE_ADDRESS: 'rebotes@tablero.example' }).mail.bounceAddress).toBe(
      'rebotes@tablero.example',
    );
    for (const [env, name] of [
      [{ TABLERO_SMTP_URL: 'http://mail.example.org' }, 'TABLERO_SMTP_URL'],
      [{ TABLERO_SMTP_URL: 'not a url' }, 'TABLERO_SMTP_URL'],
      [{ TABLERO_MAIL_FROM: 'Tablero' }, 'TABLERO_MAIL_FROM'],
      [{ TABLERO_MAIL_RETRY_S: '0' }, 'TABLERO_MAIL_RETRY_S'],
      [{ TABLERO_REMINDER_DAYS: '-1' }, 'TABLERO_REMINDER_DAYS'],
      [{ TABLERO_FOLLOWS_PER_HOUR: 'many' }, 'TABLERO_FOLLOWS_PER_HOUR'],
      [{ TABLERO_BOUNCE_ADDRESS: 'Bounces <b@example.org>' }, 'TABLERO_BOUNCE_ADDRESS'],
      [{ TABLERO_DIGEST_HOUR: '24' }, 'TABLERO_DIGEST_HOUR'],
      [{ TABLERO_DIGEST_HOUR: '7.5' }, 'TABLERO_DIGEST_HOUR'],
      [{ TABLERO_TIME_ZONE: 'Mars/Olympus_Mons' }, 'TABLERO_TIME_ZONE'],
    ] as const) {
      expect(() => configFromEnv(env), name).toThrow(ConfigError);
      expect(() => configFromEnv(env), name).toThrow(name);
    }
  });

  it('sends in the clear only to a mail server on this machine', () => {
    expect(isLoopbackSmtp('smtp://127.0.0.1:2525')).toBe(true);
    expect(isLoopbackSmtp('smtp://localhost:25')).toBe(true);
    expect(isLoopbackSmtp('smtp://[::1]:25')).toBe(true);
    expect(isLoopbackSmtp('smtp://mail.example.org:587')).toBe(false);
    expect(isLoopbackSmtp('smtp://127.0.0.1.example.org:587')).toBe(false);
  });

  it('refuses to send in the clear to a mail server elsewhere that offers no STARTTLS', async () => {
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i?.family === 'IPv4' && !i.internal)?.address;
    expect(lan, 'this machine needs an address other than loopback for this test').toBeTruthy();
    const smtp = new TestSmtp();
    smtp.host = lan as string;
    await smtp.start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tablero-tls-'));
    const transport = mailTransport({ ...configFromEnv({ TABLERO_SMTP_URL: smtp.url }).mail }, dir);
    try {
      const mail = {
        _id: 'mail:x',
        type: 'mail',
        state: 'sending',
        dueAt: 0,
        attempts: 1,
        createdAt: Date.now(),
        messageId: '<x@tablero.mail>',
        to: 'a@example.org',
        subject: 'x',
        text: 'x',
        lang: 'es',
      } as const;
      await expect(transport.send({ ...mail })).rejects.toThrow(/STARTTLS/i);
      expect(smtp.received).toHaveLength(0);
    } finally {
      transport.close();
      await smtp.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
