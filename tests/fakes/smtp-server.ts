import net from "node:net";
import type { AddressInfo } from "node:net";

import { afterAll, afterEach, beforeAll } from "vitest";

import { env } from "@/env";

/**
 * A local SMTP server for mail tests: enough of RFC 5321 for nodemailer over plain TCP (no STARTTLS
 * offered, no auth). It keeps every message it accepted, so tests can count deliveries and read
 * headers. `onData` runs when a message's DATA has arrived: return "cut" to drop the connection
 * before answering (the server has the mail, the sender never hears back) or a reply such as
 * "550 5.1.1 no such user" to refuse it.
 */
export interface FakeMail {
  from: string;
  to: string[];
  raw: string;
  /** The Message-ID header, angle brackets included. */
  messageId: string | null;
  subject: string | null;
}

export type SmtpDataHook = (m: FakeMail) => "cut" | `${4 | 5}${number} ${string}` | void;

const header = (raw: string, name: string) => raw.match(new RegExp(`^${name}:\\s*(.+)$`, "im"))?.[1]?.trim() ?? null;

export async function startFakeSmtp() {
  const accepted: FakeMail[] = [];
  let onData: SmtpDataHook | null = null;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let from = "";
    let to: string[] = [];
    let inData = false;
    let buffer = "";
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply("220 fake-smtp ESMTP ready");
    socket.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const raw = buffer.slice(0, end).replace(/^\.\./gm, ".");
          buffer = buffer.slice(end + 5);
          inData = false;
          const mail: FakeMail = {
            from,
            to,
            raw,
            messageId: header(raw, "Message-ID"),
            subject: header(raw, "Subject"),
          };
          const verdict = onData?.(mail);
          if (verdict === "cut") {
            accepted.push(mail);
            socket.destroy();
            return;
          }
          if (verdict) reply(verdict);
          else {
            accepted.push(mail);
            reply("250 2.0.0 queued");
          }
          from = "";
          to = [];
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") reply("250-fake-smtp\r\n250 8BITMIME");
        else if (verb === "HELO") reply("250 fake-smtp");
        else if (verb === "MAIL") {
          from = line.match(/<([^>]*)>/)?.[1] ?? "";
          reply("250 2.1.0 ok");
        } else if (verb === "RCPT") {
          to.push(line.match(/<([^>]*)>/)?.[1] ?? "");
          reply("250 2.1.5 ok");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 end data with <CR><LF>.<CR><LF>");
        } else if (verb === "RSET") {
          from = "";
          to = [];
          reply("250 ok");
        } else if (verb === "NOOP") reply("250 ok");
        else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("502 5.5.2 command not implemented");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** Every message the server took (including those it cut the connection on). */
    accepted,
    mailsTo: (address: string) => accepted.filter((m) => m.to.includes(address)),
    onData(fn: SmtpDataHook | null) {
      onData = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export type FakeSmtp = Awaited<ReturnType<typeof startFakeSmtp>>;

/**
 * The fake server for a whole describe block (or file): started before its tests with `SMTP_URL`
 * pointed at it, its refusal hook cleared after each test, and `SMTP_URL` put back and the server
 * closed after them all. The handle can be used inside the tests, not at collection time.
 */
export function fakeSmtpForSuite(): Pick<FakeSmtp, "accepted" | "mailsTo" | "onData" | "url"> {
  let smtp: FakeSmtp | undefined;
  const saved = env.SMTP_URL;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
    env.SMTP_URL = smtp.url;
  });
  afterEach(() => smtp?.onData(null));
  afterAll(async () => {
    env.SMTP_URL = saved;
    await smtp?.close();
  });
  const live = () => {
    if (!smtp) throw new Error("fakeSmtpForSuite: the server starts in beforeAll; use it inside a test");
    return smtp;
  };
  return {
    get url() {
      return live().url;
    },
    get accepted() {
      return live().accepted;
    },
    mailsTo: (address) => live().mailsTo(address),
    onData: (fn) => live().onData(fn),
  };
}
