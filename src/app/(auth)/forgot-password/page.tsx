import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { env } from "@/env";
import { emailConfigured } from "@/server/integrations/email";

// Read at request time: whether mail goes out or waits in the local outbox is the server's configuration.
export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  // The same condition as the /outbox page, which exists only then.
  return <ForgotPasswordForm localOutbox={!emailConfigured() && env.NODE_ENV !== "production"} />;
}
