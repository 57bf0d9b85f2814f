import * as net from 'node:net';

export interface SmtpReply {
  code: number;
  text: string;
}

/**
 * A bare SMTP client for tests that need to see every reply code (nodemailer hides a refused
 * RCPT inside its own error): one command, one reply, in order.
 */
export class SmtpDialog {
  private buffer = '';
  /** Lines of a multi-line reply read so far. */
  private lines: string[] = [];
  private waiting?: (reply: SmtpReply) => void;
  private readonly replies: SmtpReply[] = [];
  private closed = false;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.read(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.deliver({ code: 0, text: 'connection closed' });
    });
  }

  /** Connects (optionally from a given local address, to be a client of its own) and reads the greeting. */
  static async open(
    port: number,
    localAddress?: string,
  ): Promise<{ dialog: SmtpDialog; greeting: SmtpReply }> {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    const dialog = new SmtpDialog(socket);
    const greeting = await dialog.next();
    return { dialog, greeting };
  }

  async command(line: string): Promise<SmtpReply> {
    if (this.closed) return { code: 0, text: 'connection closed' };
    this.socket.write(`${line}\r\n`);
    return this.next();
  }

  close(): void {
    this.socket.destroy();
  }

  private next(): Promise<SmtpReply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\r\n')) >= 0) {
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.lines.push(line);
      // "250-..." continues a reply, "250 ..." ends it
      if (/^\d{3}(?: |$)/.test(line)) {
        this.deliver({ code: Number(line.slice(0, 3)), text: this.lines.map((l) => l.slice(4)).join('\n') });
        this.lines = [];
      }
    }
  }

  private deliver(reply: SmtpReply): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(reply);
    else this.replies.push(reply);
  }
}
