import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import { NoticeStore, type Ledger } from '@postroom/ledger';
import { ack, retry, type HandleResult } from '@postroom/messaging';
import { CLOCK, CONFIG, LEDGER, type Clock } from '@postroom/runtime';
import MailComposer from 'nodemailer/lib/mail-composer';
import { assertHeaderSafe } from './render/rendered-message';
import { MAIL_TRANSPORT, type MailTransport } from './transports/mail-transport';

/**
 * Mails an error notice through the same transport as campaigns, outside the marketing limit
 * (notices are not deliveries and claim no quota). Guarded `queued → sending`: a replayed
 * message sends nothing twice.
 */
@Injectable()
export class SendNoticeService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly notices: NoticeStore,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof senderEnv>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async send(noticeId: string): Promise<HandleResult> {
    const notice = await this.notices.startSending(this.ledger, noticeId);
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
    await this.notices.finish(this.ledger, notice.id, status, reply, this.clock.now());
    return status === 'retrying' ? retry(reply) : ack;
  }
}
