import { SmppCatcher } from '../../apps/sender/src/sms/smpp-catcher';

/**
 * Without SMS_URL, `npm start` and the demo run a local SMS centre (the SMPP catcher the tests
 * use) on SMSCATCHER_PORT (2775), as they run the mail catcher for email: SMS campaigns are
 * accepted, answered with delivery receipts and kept in memory, and STOP can be tried with a real
 * SMPP client. Returns the catcher and the SMS_URL for the sender.
 */
export async function startSmsCatcher(
  port: string | undefined,
): Promise<{ catcher: SmppCatcher; url: string }> {
  const n = Number(port ?? '2775');
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`SMSCATCHER_PORT=${JSON.stringify(port)} is invalid: expected a port number`);
  const catcher = new SmppCatcher({ port: n, systemId: 'postroom', password: 'catcher' });
  const { url } = await catcher.start();
  return { catcher, url };
}
