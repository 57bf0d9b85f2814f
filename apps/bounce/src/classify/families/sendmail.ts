import type { Report } from '../parse-report';
import type { Stage } from '../patterns/reply-codes';
import type { Reason } from '../reasons';
import {
  addressPattern,
  after,
  blocksBy,
  type Family,
  type Refinement,
  verdictIn,
  type Verdicts,
} from './family';

/**
 * Sendmail's bounce: "----- The following addresses had permanent fatal errors -----", each
 * address on its own line with "(reason: 550 …)" under it, then "----- Transcript of session
 * follows -----" with the dialogue (">>> RCPT To:<a@b>", "<<< 550 …") and a summary line
 * "550 5.1.1 <a@b>... User unknown"; when the queue's return timeout ran out the transcript says
 * so once for all ("Message could not be delivered for 5 days", "Cannot send message for 5 days").
 * With PIPELINING the transcript writes every command before the replies (dialogue pairs them).
 * A transcript that quotes a reply ("<<< 554 …") after "... while talking to host:" but shows no
 * command sent (">>>") is a refusal of the connection's greeting. A local delivery program that
 * failed is "554 5.3.0 unknown mailer error N" (deliver.c): the mailer's exit status, not the
 * recipient; one that exited with a sysexits code is that code's text (ownVerdict).
 */
export const sendmail: Family = {
  name: 'sendmail',
  matches: (report) =>
    /-{3,} The following addresses had (?:permanent fatal|transient non-fatal) errors -{3,}/i.test(
      report.text,
    ) || /-{3,} Transcript of session follows -{3,}/i.test(report.text),
  recipients: (report) => {
    const listed = blocksBy(
      after(
        report.text,
        /The following addresses had (?:permanent fatal|transient non-fatal) errors -+\s*\n/i,
      ),
      new RegExp(String.raw`^\s*<?(${addressPattern()})>?\s*(?:\(.*\))?\s*$`),
      /^\s*-{3,}/,
    );
    const transcript = after(report.text, /Transcript of session follows -+\s*\n/i);
    const exchanges = dialogue(transcript);
    // the queue's return timeout is the verdict on every address, whatever each last met
    const expiry = EXPIRY.exec(transcript)?.[0];
    return listed.map((r) => {
      const reason = r.diagnostic.replace(/^\(reason: (.*)\)$/m, '$1');
      return {
        ...r,
        diagnostic: [
          reason,
          // the summary line is the verdict of a local delivery; after a quoted reply it is
          // Sendmail's paraphrase of the code (withoutParaphrases)
          summaryFor(withoutParaphrases(transcript), r.address),
          expiry ?? '',
        ]
          .filter(Boolean)
          .join('\n'),
        stage: stageFor(exchanges, r.address, reason, listed.length === 1),
      };
    });
  },
  // an RFC 3464 report's recipients come from its fields: the transcript gives the command
  // that recipient's reply answered, and Sendmail's own verdict line when no reply is quoted
  refine: (report, r) => {
    const transcript = after(report.text, /Transcript of session follows -+\s*\n/i);
    const mailer: Refinement | null = /\bunknown mailer error \d+/i.test(`${r.diagnostic}\n${transcript}`)
      ? { reason: 'mailererror' }
      : null;
    if (mailer) return mailer;
    const own = ownVerdict(report, transcript, r.address);
    const recipients = report.deliveryStatus?.recipients.length ?? 0;
    const stage =
      recipients > 0 ? stageFor(dialogue(transcript), r.address, r.diagnostic, recipients === 1) : null;
    if (!own && !stage) return null;
    return { ...(own ? { reason: own } : {}), ...(stage ? { stage } : {}) };
  },
  explanation: (report) => withoutParaphrases(report.text),
};

const EXPIRY = /^.*\b(?:cannot send message|message could not be delivered) for \d+ \w+.*$/im;

/** One command Sendmail sent and the reply it got ("<<< 550-…" lines joined), or a greeting (command null). */
interface Exchange {
  readonly command: string | null;
  readonly reply: string;
}

/**
 * The transcript's commands paired with the replies that answered them. Sendmail writes each
 * command it sends (">>> RCPT To:<a@b>") and each reply line it reads ("<<< 550 …"); with
 * PIPELINING it sends MAIL, RCPT and DATA before reading, and the server answers them in the
 * order they were sent (RFC 2920 §3.1), so the n-th reply answers the n-th command, not the last
 * one written. A reply with no command pending is the server's greeting.
 */
function dialogue(transcript: string): Exchange[] {
  const out: Exchange[] = [];
  let pending: string[] = [];
  let lines: string[] = [];
  for (const line of transcript.split('\n')) {
    if (/^\.\.\. while talking to /i.test(line)) {
      pending = [];
      lines = [];
      continue;
    }
    const sent = /^\s*>>>\s?(.*)$/.exec(line);
    if (sent) {
      pending.push(sent[1].trim());
      continue;
    }
    const got = /^\s*<<<\s?(\d{3})([ -]?)(.*)$/.exec(line);
    if (!got) continue;
    lines.push(`${got[1]} ${got[3].trim()}`);
    if (got[2] === '-') continue; // a multi-line reply goes on
    out.push({ command: pending.shift() ?? null, reply: lines.join(' ') });
    lines = [];
  }
  return out;
}

/**
 * The command a recipient's refusal answered: the RCPT TO that named it, else the exchange whose
 * reply is the one reported for it, else (when the report has one recipient) the first refusal.
 */
function stageFor(exchanges: readonly Exchange[], address: string, reported: string, single: boolean): Stage {
  const refused = exchanges.filter((x) => /^[45]/.test(x.reply));
  const needle = address.toLowerCase();
  const own =
    refused.find((x) => /^RCPT\b/i.test(x.command ?? '') && x.command!.toLowerCase().includes(needle)) ??
    refused.find((x) => sameReply(x.reply, reported)) ??
    (single ? refused[0] : undefined);
  return own ? stageOf(own.command) : null;
}

function sameReply(reply: string, reported: string): boolean {
  const words = (t: string) => t.replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 60);
  const r = words(reply);
  return r.length > 8 && words(reported.replace(/^\w+;\s*/, '')).includes(r.slice(0, 40));
}

function stageOf(command: string | null): Stage {
  if (command === null) return 'connect';
  const verb = /^(\S+)/.exec(command)?.[1]?.toUpperCase() ?? '';
  if (verb === 'RCPT') return 'rcpt';
  if (verb === 'MAIL') return 'mail';
  if (verb === 'DATA' || verb === '.') return 'data';
  if (verb === 'EHLO' || verb === 'HELO' || verb === 'STARTTLS') return 'connect';
  return null;
}

/**
 * Sendmail's own verdict on a recipient it did not hand to a remote server: the summary line
 * "550 5.0.0 <a@b>... Insufficient permission" a local mailer's exit status becomes (the
 * sysexits texts of sysexits.c / libsm: EX_NOUSER "User unknown", EX_NOHOST "Host unknown",
 * EX_UNAVAILABLE "Service unavailable", EX_SOFTWARE "Internal error", EX_OSERR "Operating
 * system error", EX_OSFILE "System file missing", EX_CANTCREAT "Can't create output", EX_IOERR
 * "I/O error", EX_PROTOCOL "Remote protocol error", EX_NOPERM "Insufficient permission",
 * EX_CONFIG "Local configuration error", EX_NOINPUT "Cannot open input", EX_DATAERR "Data
 * format error", EX_USAGE "Command line usage error"). After a reply Sendmail quotes, the same
 * line is only its paraphrase of the reply code and is not read; a local mailer Sendmail
 * reports as X-Unix is a mailer's failure (decide-reason's type hint).
 */
function ownVerdict(report: Report, transcript: string, address: string): Reason | null {
  const dsn = report.deliveryStatus?.recipients.find(
    (x) => (x.finalRecipient ?? x.originalRecipient ?? '').toLowerCase() === address.toLowerCase(),
  );
  if (dsn?.diagnosticType === 'x-unix') return null;
  // a refusal it quotes: its summary line paraphrases that reply (v5 wrote it with no enhanced
  // code, "550 <a@b>... User unknown" for any 550, so withoutParaphrases does not catch it)
  if (dialogue(transcript).some((x) => /^[45]/.test(x.reply))) return null;
  const line = summaryFor(withoutParaphrases(transcript), address);
  return line ? verdictIn(SYSEXITS, line) : null;
}

const SYSEXITS: Verdicts = [
  [/\.\.\. User unknown\b/i, 'userunknown'],
  [/\.\.\. Host unknown\b/i, 'hostunknown'],
  [/\.\.\. Data format error\s*$/i, 'contenterror'],
  [/\.\.\. (?:Command line usage error|Bad usage)\s*$/i, 'mailererror'],
  [
    /\.\.\. (?:Service unavailable|Internal error|Operating system error|System file missing|Can't create output|I\/O error|Remote protocol error|Insufficient permission|Local configuration error|Cannot open input)\b/i,
    'systemerror',
  ],
];

/**
 * The text without Sendmail's own lines that follow a reply it quotes ("<<< 550 …" then "554
 * 5.0.0 Service unavailable", "550 5.1.1 <a@b>... User unknown"): deliver.c writes them from the
 * reply code alone (the sysexits texts of err.c), whatever the server said.
 */
export function withoutParaphrases(text: string): string {
  const kept: string[] = [];
  let afterReply = false;
  for (const line of text.split('\n')) {
    if (afterReply && /^\d{3} \d\.\d{1,3}\.\d{1,3} /.test(line)) continue;
    // a reply that goes on (354, a 250 to a pipelined command) is not what the line paraphrases
    if (line.trim() !== '') afterReply = /^\s*<<<\s*[45]\d\d\b/.test(line);
    kept.push(line);
  }
  return kept.join('\n');
}

/** The transcript's summary line for one address ("550 5.1.1 <a@b>... User unknown"). */
function summaryFor(transcript: string, address: string): string {
  const line = transcript
    .split('\n')
    .find((l) => /^\d{3} /.test(l) && l.toLowerCase().includes(address.toLowerCase()));
  return line ?? '';
}
