import { desc, isNull } from "drizzle-orm";
import { notFound } from "next/navigation";

import { LocalOutbox } from "@/components/marketing/local-outbox";
import { env } from "@/env";
import { db } from "@/server/db/client";
import { emailOutbox } from "@/server/db/schema";
import { emailConfigured } from "@/server/integrations/email";

export const dynamic = "force-dynamic";

/**
 * Mail that belongs to no organization (password resets, e-mail verification) when no SMTP server is
 * configured, for local development only: in production this page does not exist.
 */
export default async function OutboxPage() {
  if (emailConfigured() || env.NODE_ENV === "production") notFound();
  const rows = await db
    .select({
      id: emailOutbox.id,
      to: emailOutbox.to,
      subject: emailOutbox.subject,
      text: emailOutbox.text,
      createdAt: emailOutbox.createdAt,
    })
    .from(emailOutbox)
    .where(isNull(emailOutbox.organizationId))
    .orderBy(desc(emailOutbox.createdAt))
    .limit(50);
  return <LocalOutbox rows={rows} />;
}
