import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

import { db } from "@/server/db/client";
import { emailOutbox } from "@/server/db/schema";

import { fakeSmtpForSuite } from "../../../tests/fakes/smtp-server";
import { unique } from "../../../tests/factories";

import { sendEmail } from "./email";

/** E-mail through SMTP with an idempotency key: what a retried workflow step may and may not repeat. */
const smtp = fakeSmtpForSuite();

const mailTo = () => ({
  to: `${unique("dana")}@example.com`,
  subject: "Your reservation",
  text: "Confirmation code ABC123.",
  kind: "test_mail",
  idempotencyKey: unique("mail-key"),
});
const rowOf = async (id: string) => (await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)))[0]!;

describe("sendEmail through SMTP", () => {
  it("sends once per key with a Message-ID derived from the key", async () => {
    const mail = mailTo();
    const first = await sendEmail(mail);
    const again = await sendEmail(mail);
    expect(first).toMatchObject({ status: "sent", duplicate: false });
    expect(again).toMatchObject({ id: first.id, status: "sent", duplicate: true });
    const got = smtp.mailsTo(mail.to);
    expect(got).toHaveLength(1);
    expect(got[0]!.messageId).toMatch(/^<[0-9a-f]{32}@storage-agent\.local>$/);
    expect(got[0]!.subject).toBe("Your reservation");
  });

  it("re-sends, with the same Message-ID, a mail whose attempt never got the server's answer", async () => {
    const mail = {
      ...mailTo(),
      attachments: [
        { filename: "rent-roll.csv", contentType: "text/csv", content: Buffer.from("unit,tenant\nA1,Dana\n") },
      ],
    };
    smtp.onData(() => "cut");
    const lost = await sendEmail(mail);
    expect(lost).toMatchObject({ status: "failed", duplicate: false });
    smtp.onData(null);
    const retry = await sendEmail(mail);
    expect(retry).toMatchObject({ id: lost.id, status: "sent", duplicate: false });
    const got = smtp.mailsTo(mail.to);
    // SMTP cannot be asked whether the first one arrived: at least once, with one Message-ID to dedupe on.
    expect(got).toHaveLength(2);
    expect(got[1]!.messageId).toBe(got[0]!.messageId);
    // The retry sends the stored attachment too.
    expect(got[1]!.raw).toContain("rent-roll.csv");
    expect(await sendEmail(mail)).toMatchObject({ duplicate: true });
    expect(smtp.mailsTo(mail.to)).toHaveLength(2);
  });

  it("re-sends a mail claimed by a process that died before the SMTP exchange", async () => {
    const mail = mailTo();
    // What a crash right after the claim leaves behind.
    const [claimed] = await db
      .insert(emailOutbox)
      .values({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        kind: mail.kind,
        status: "sending",
        idempotencyKey: mail.idempotencyKey,
      })
      .returning();
    expect(await sendEmail(mail)).toMatchObject({ id: claimed!.id, status: "sent", duplicate: false });
    expect(smtp.mailsTo(mail.to)).toHaveLength(1);
    expect((await rowOf(claimed!.id)).status).toBe("sent");
  });

  it("retries a refused mail, and two attempts at once send it once", async () => {
    const mail = mailTo();
    smtp.onData(() => "451 4.3.0 try again later");
    expect(await sendEmail(mail)).toMatchObject({ status: "failed" });
    expect(smtp.mailsTo(mail.to)).toHaveLength(0);
    smtp.onData(null);
    const results = await Promise.all([sendEmail(mail), sendEmail(mail), sendEmail(mail)]);
    expect(smtp.mailsTo(mail.to)).toHaveLength(1);
    expect(results.filter((r) => r.status === "sent" && !r.duplicate)).toHaveLength(1);
  });
});
