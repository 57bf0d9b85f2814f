import type { SmtpReply } from '@postroom/testing';
import { arfComplaint } from '@postroom/testing';
import { simpleParser } from 'mailparser';
import * as net from 'node:net';
import { Client } from 'pg';

/**
 * The demo campaign's story, so the console shows every status: the catcher refuses a few
 * addresses at RCPT with 550, and once the mail is out one recipient complains (an ARF report
 * mailed to the bounce listener's feedback-loop address), some open (real pixel requests, by a
 * person's mail client and by a privacy proxy), one clicks and one unsubscribes (real requests
 * to the tracker).
 */
export const REFUSED = ['nobody1', 'nobody2', 'nobody3'];
export const STORY = {
  complains: 'customer4',
  opens: ['customer1', 'customer2', 'customer3', 'customer5'],
  opensByMachine: ['customer6', 'customer7'],
  clicks: 'customer2',
  unsubscribes: 'customer3',
};

/** The catcher's answer at RCPT: 550 for the demo's refused addresses, everyone else accepted. */
export function catcherReplies(rcpt: string): SmtpReply | undefined {
  const local = rcpt.toLowerCase().split('@')[0];
  return REFUSED.includes(local)
    ? { code: 550, message: '5.1.1 no such user here (the demo catcher)' }
    : undefined;
}

const HUMAN_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Thunderbird/128.0 Chrome/126.0 Safari/537.36';
const PROXY_UA = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';

interface Links {
  pixel?: string;
  click?: string;
  unsubscribe?: string;
}

async function linksOf(raw: Buffer): Promise<Links> {
  const mail = await simpleParser(raw);
  const html = typeof mail.html === 'string' ? mail.html : '';
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
  return {
    pixel: urls.find((u) => /\/o\/[^/]+$/.test(u)),
    click: urls.find((u) => /\/c\/[^/]+$/.test(u)),
    unsubscribe: urls.find((u) => /\/u\/[^/]+$/.test(u)),
  };
}

/** Sends one message over plain SMTP, the way a mailbox provider's feedback loop would. */
async function smtpSend(port: number, from: string, to: string, raw: Buffer): Promise<string> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setTimeout(10_000);
  const replies: string[] = [];
  let buffer = '';
  let waiting: ((line: string) => void) | undefined;
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    let nl: number;
    while ((nl = buffer.indexOf('\r\n')) !== -1) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 2);
      if (/^\d{3} /.test(line)) {
        replies.push(line);
        waiting?.(line);
      }
    }
  });
  const next = () => new Promise<string>((resolve) => (waiting = resolve));
  const send = async (line: string | Buffer) => {
    const reply = next();
    socket.write(line);
    return reply;
  };
  try {
    await next();
    await send('EHLO fbl.example\r\n');
    await send(`MAIL FROM:<${from}>\r\n`);
    await send(`RCPT TO:<${to}>\r\n`);
    await send('DATA\r\n');
    const body = Buffer.concat([raw, Buffer.from('\r\n.\r\n')]);
    const final = await send(body);
    await send('QUIT\r\n').catch(() => '');
    return final;
  } finally {
    socket.destroy();
  }
}

/**
 * Plays the recipients once the campaign is out. Opens wait until the machine-open window
 * after sending is over, or the tracker would (rightly) take them for prefetch.
 */
export async function playRecipients(o: {
  databaseUrl: string;
  campaignId: string;
  messages: { to: string[]; raw: Buffer }[];
  bounceSmtpPort: number;
  fblAddress: string;
  machineWindowS: number;
  say: (line: string) => void;
}): Promise<void> {
  const byLocal = new Map(o.messages.map((m) => [m.to[0]?.toLowerCase().split('@')[0] ?? '', m]));
  const links = async (local: string): Promise<Links> => {
    const m = byLocal.get(local);
    return m ? linksOf(m.raw) : {};
  };
  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();
  try {
    const complained = await db.query<{ message_id: string; email: string }>(
      `select message_id, email from deliveries where campaign_id = $1 and email like $2 and message_id is not null`,
      [o.campaignId, `${STORY.complains}@%`],
    );
    const row = complained.rows[0];
    if (row) {
      const reply = await smtpSend(
        o.bounceSmtpPort,
        'fbl@mailbox-provider.example',
        o.fblAddress,
        arfComplaint({ to: o.fblAddress, messageId: row.message_id, recipient: row.email }),
      );
      o.say(`demo: ${row.email} marked the email as spam (an ARF report to ${o.fblAddress}: ${reply})`);
    }
  } finally {
    await db.end();
  }
  o.say(`demo: waiting ${o.machineWindowS} s, so that opens come later than a prefetch would`);
  await new Promise((r) => setTimeout(r, (o.machineWindowS + 1) * 1000));
  for (const local of STORY.opens) {
    const { pixel } = await links(local);
    if (pixel) await fetch(pixel, { headers: { 'user-agent': HUMAN_UA } });
  }
  for (const local of STORY.opensByMachine) {
    const { pixel } = await links(local);
    if (pixel) await fetch(pixel, { headers: { 'user-agent': PROXY_UA } });
  }
  o.say(
    `demo: ${STORY.opens.length} recipients opened the email, ${STORY.opensByMachine.length} more were opened by an image proxy`,
  );
  const { click } = await links(STORY.clicks);
  if (click) await fetch(click, { headers: { 'user-agent': HUMAN_UA }, redirect: 'manual' });
  const { unsubscribe } = await links(STORY.unsubscribes);
  if (unsubscribe)
    await fetch(unsubscribe, {
      method: 'POST',
      headers: { 'user-agent': HUMAN_UA, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
  o.say(`demo: ${STORY.clicks}@example.com clicked a link, ${STORY.unsubscribes}@example.com unsubscribed`);
}
