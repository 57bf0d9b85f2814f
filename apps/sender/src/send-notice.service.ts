import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import type { Ledger } from '@postroom/ledger';
import { ack, retry, type HandleResult } from '@postroom/messaging';
import { CONFIG, LEDGER } from '@postroom/runtime';
import MailComposer from 'nodemailer/lib/mail-composer';
import { assertHeaderSafe } from './render/rendered-message';
import { MAIL_TRANSPORT, type MailTransport } from './transports/mail-transport';

interface NoticeRow {
  id: string;
  to_address: string;
  subject: string;
  body: string;
}

/**
 * Mails an error notice through the same transport as campaigns, outside the marketing limit
 * (notices are not deliveries and claim no quota). Guarded `queued → sending`: a replayed
 * message sends nothing twice.
 */
@Injectable()
export class SendNoticeService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof senderEnv>,
  ) {}

  async send(noticeId: string): Promise<HandleResult> {
    const owned = await this.ledger.query<NoticeRow>(
      `update notices set status = 'sending' where id = $1 and status in ('queued', 'retrying')
       returning id::text, to_address, subject, body`,
      [noticeId],
    );
    const notice = owned.rows[0];
    if (!notice) return ack;
    assertHeaderSafe('notice subject', notice.subject);
    const raw = await new Promise<Buffer>((resolve, reject) =>
      new MailComposer({
        from: this.config.NOTICE_FROM,
        to: notice.to_address,
        subject: notice.subject,
        text: notice.body,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Postroom-Notice': notice.id },
      })
        .compile()
        .build((err, message) => (err ? reject(err) : resolve(message))),
    );
    // the null return path: a notice that bounces must not start a loop of notices
    const result = await this.transport.send({ envelopeFrom: '', to: notice.to_address, raw });
    const status =
      result.kind === 'accepted'
        ? 'sent'
        : result.kind === 'refused' && result.code >= 500
          ? 'failed'
          : result.kind === 'unknown'
            ? 'unknown'
            : 'retrying';
    const reply = result.kind === 'accepted' || result.kind === 'refused' ? result.reply : result.reason;
    await this.ledger.query(
      `update notices set status = $2, smtp_reply = $3, sent_at = case when $2 = 'sent' then now() else sent_at end where id = $1`,
      [notice.id, status, reply],
    );
    return status === 'retrying' ? retry(reply) : ack;
  }
}
