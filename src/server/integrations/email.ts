import { createHash } from "node:crypto";

import { eq } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";

import { env } from "@/env";
import { db } from "@/server/db/client";
import { emailAttachment, emailOutbox } from "@/server/db/schema";
import { log } from "@/server/log";

/**
 * The only importer of nodemailer. With SMTP_URL set, mail goes out through SMTP and the outbox row
 * records it; without SMTP the outbox row *is* the delivery (owners read it in Settings > Outbox).
 * An idempotency key makes a retried send a no-op once the mail went out (see sendEmail).
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

let transport: { url: string; transporter: Transporter } | null = null;
function smtp(): Transporter | null {
  if (!env.SMTP_URL) return null;
  if (transport?.url !== env.SMTP_URL)
    transport = { url: env.SMTP_URL, transporter: nodemailer.createTransport(env.SMTP_URL) };
  return transport.transporter;
}

export function emailConfigured() {
  return Boolean(env.SMTP_URL);
}

export type EmailResult = { id: string; status: "outbox" | "sent" | "failed"; duplicate: boolean };

/**
 * The Message-ID of one logical e-mail: derived from its idempotency key (else its row), so every
 * attempt at it carries the same one and mail systems that deduplicate on it show it once.
 */
function messageIdFor(rowId: string, idempotencyKey: string | undefined): string {
  const domain = env.EMAIL_FROM.match(/@([^>\s]+)/)?.[1] ?? "storage-agent.local";
  const local = idempotencyKey ? createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32) : rowId;
  return `<${local}@${domain}>`;
}

/**
 * With SMTP the row is claimed as "sending" (committed) before the SMTP exchange and marked "sent"
 * after it. A retry with the same key re-sends a row still "sending" (the process died mid-send) or
 * "failed", never one "sent"; the row lock held during the exchange keeps two attempts from sending
 * at once. SMTP has no way to ask whether a message was accepted, so this is at least once: the
 * only duplicate possible is a crash between the server's "250" and our update, and it carries the
 * same Message-ID (docs/workflows.md).
 */
export async function sendEmail(mail: OutgoingEmail): Promise<EmailResult> {
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
        status: transporter ? "sending" : "outbox",
        idempotencyKey: mail.idempotencyKey,
      })
      .onConflictDoNothing({ target: emailOutbox.idempotencyKey })
      .returning({ id: emailOutbox.id });
    if (inserted && mail.attachments?.length) {
      await tx.insert(emailAttachment).values(
        mail.attachments.map((a) => ({
          organizationId: mail.organizationId ?? null,
          emailId: inserted.id,
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
        })),
      );
    }
    return inserted;
  });
  if (!transporter) {
    if (row) log.info({ to: mail.to, kind: mail.kind, outboxId: row.id }, "SMTP not configured: e-mail kept in outbox");
    return { id: row?.id ?? "", status: "outbox", duplicate: !row };
  }
  let id = row?.id;
  if (!id) {
    const [dup] = await db
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(eq(emailOutbox.idempotencyKey, mail.idempotencyKey!));
    id = dup!.id;
  }
  return deliverEmail(transporter, id, mail.idempotencyKey, !row);
}

async function deliverEmail(
  transporter: Transporter,
  id: string,
  idempotencyKey: string | undefined,
  repeated: boolean,
): Promise<EmailResult> {
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(emailOutbox).where(eq(emailOutbox.id, id)).for("update");
    if (!r || r.status === "sent" || r.status === "outbox")
      return { id, status: r?.status === "sent" ? "sent" : "outbox", duplicate: true };
    // Sent from the stored row and files: a retry may not have the caller's input at hand.
    const attachments = await tx
      .select({
        filename: emailAttachment.filename,
        contentType: emailAttachment.contentType,
        content: emailAttachment.content,
      })
      .from(emailAttachment)
      .where(eq(emailAttachment.emailId, id));
    try {
      await transporter.sendMail({
        from: env.EMAIL_FROM,
        to: r.to,
        subject: r.subject,
        text: r.text,
        html: r.html ?? undefined,
        attachments,
        messageId: messageIdFor(id, idempotencyKey),
      });
    } catch (err) {
      log.error({ err: String(err), outboxId: id }, "SMTP send failed");
      await tx
        .update(emailOutbox)
        .set({ status: "failed", error: String(err) })
        .where(eq(emailOutbox.id, id));
      return { id, status: "failed", duplicate: false };
    }
    await tx.update(emailOutbox).set({ status: "sent", error: null }).where(eq(emailOutbox.id, id));
    if (repeated) log.info({ outboxId: id, was: r.status }, "e-mail re-sent after an unfinished or failed attempt");
    return { id, status: "sent", duplicate: false };
  });
}
