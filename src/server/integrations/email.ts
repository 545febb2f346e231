import { eq } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";

import { env } from "@/env";
import { db } from "@/server/db/client";
import { emailAttachment, emailOutbox } from "@/server/db/schema";
import { log } from "@/server/log";

/**
 * The only importer of nodemailer. With SMTP_URL set, mail goes out through SMTP and the outbox row
 * records it; without SMTP the outbox row *is* the delivery (owners read it in Settings > Outbox).
 * An idempotency key makes a retried send a no-op.
 */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  kind: string;
  organizationId?: string | null;
  idempotencyKey?: string;
  /** Stored with the outbox row (email_attachment) and sent as MIME parts over SMTP. */
  attachments?: EmailAttachmentInput[];
}

export interface EmailAttachmentInput {
  filename: string;
  contentType: string;
  content: Buffer;
}

let transport: Transporter | null | undefined;
function smtp(): Transporter | null {
  if (transport === undefined) transport = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  return transport;
}

export function emailConfigured() {
  return Boolean(env.SMTP_URL);
}

export async function sendEmail(mail: OutgoingEmail): Promise<{ id: string; status: "outbox" | "sent" | "failed"; duplicate: boolean }> {
  const transporter = smtp();
  // The row and its attachments land together, so a retried send never finds a row without its files.
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(emailOutbox)
      .values({
        organizationId: mail.organizationId ?? null,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        kind: mail.kind,
        status: "outbox",
        idempotencyKey: mail.idempotencyKey,
      })
      .onConflictDoNothing({ target: emailOutbox.idempotencyKey })
      .returning({ id: emailOutbox.id });
    if (inserted && mail.attachments?.length) {
      await tx.insert(emailAttachment).values(mail.attachments.map((a) => ({ organizationId: mail.organizationId ?? null, emailId: inserted.id, filename: a.filename, contentType: a.contentType, content: a.content })));
    }
    return inserted;
  });
  if (!row) return { id: "", status: "outbox", duplicate: true };
  if (!transporter) {
    log.info({ to: mail.to, kind: mail.kind, outboxId: row.id }, "SMTP not configured: e-mail kept in outbox");
    return { id: row.id, status: "outbox", duplicate: false };
  }
  try {
    await transporter.sendMail({ from: env.EMAIL_FROM, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, attachments: mail.attachments });
    await db.update(emailOutbox).set({ status: "sent" }).where(eq(emailOutbox.id, row.id));
    return { id: row.id, status: "sent", duplicate: false };
  } catch (err) {
    log.error({ err: String(err), outboxId: row.id }, "SMTP send failed");
    await db.update(emailOutbox).set({ status: "failed", error: String(err) }).where(eq(emailOutbox.id, row.id));
    return { id: row.id, status: "failed", duplicate: false };
  }
}
