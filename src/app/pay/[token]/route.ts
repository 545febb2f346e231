import { DomainError } from "@/server/domain/errors";
import { formatCents } from "@/server/domain/pricing/money";
import { log } from "@/server/log";
import { findLinkByToken, summaryOf, type LinkSummary } from "@/server/payments/payment-links";
import { openPaymentLink } from "@/server/payments/open-link";

/**
 * A customer's payment link (texted or e-mailed): sends them to Stripe Checkout on the operator's
 * account, or says why it cannot (already paid, expired, no longer available). No sign-in: the
 * long random token is the credential, and the page shows only the amount and what it is for.
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, message: string, summary?: LinkSummary) {
  const lines = summary
    ? `<ul>${summary.lines.map((l) => `<li>${escapeHtml(l.label)}: ${formatCents(l.amountCents)}</li>`).join("")}</ul><p><strong>Total ${formatCents(summary.amountCents)}</strong></p>`
    : "";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${summary ? `<p>${escapeHtml(summary.description)}</p>${lines}` : ""}</body></html>`;
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
    },
  });
}

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const back = new URL(request.url).searchParams.get("paid") === "1";
  try {
    if (back) {
      // Back from Checkout: the payment counts once Stripe's webhook says so, never because of this redirect.
      const link = await findLinkByToken(token);
      if (!link) return page(404, "Link not found", "This payment link is not valid.");
      if (link.status === "paid")
        return page(200, "Already paid", "Thank you: this payment was received.", summaryOf(link));
      return page(
        200,
        "Payment processing",
        "Thank you: your payment is being confirmed. Your receipt will follow.",
        summaryOf(link),
      );
    }
    const s = await openPaymentLink(token);
    switch (s.state) {
      case "redirect":
        return new Response(null, { status: 303, headers: { location: s.url, "cache-control": "no-store" } });
      case "paid":
        return page(200, "Already paid", "This payment was already received: there is nothing more to pay.", s.summary);
      case "expired":
        return page(410, "Link expired", "This payment link has expired. Ask us for a new one.", s.summary);
      case "cancelled":
        return page(
          410,
          "Link replaced",
          "This payment link was replaced by a newer one. Ask us for the latest link.",
          s.summary,
        );
      case "unavailable":
        return page(
          503,
          "Payments unavailable",
          "Online payment is not available right now. Please call us to pay.",
          s.summary,
        );
      default:
        return page(404, "Link not found", "This payment link is not valid.");
    }
  } catch (err) {
    if (err instanceof DomainError)
      return page(503, "Payments unavailable", "Online payment is not available right now. Please call us to pay.");
    log.error({ err: err instanceof Error ? err.message : String(err) }, "payment link failed");
    return page(500, "Something went wrong", "Please try again in a minute, or call us to pay.");
  }
}
