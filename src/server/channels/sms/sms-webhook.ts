import { calledNumberLookup } from "@/server/telephony/numbers";
import { verifyTwilioForm } from "@/server/telephony/webhook-auth";

import { receiveSms, ZInboundSms } from "./receive-sms";

/**
 * Twilio's incoming-message webhook (each number's SmsUrl). Signature first (403, nothing
 * written), then the parameters (400), then the message; the answer is TwiML <Message>.
 */
export async function handleSmsWebhook(req: Request): Promise<Response> {
  const number = calledNumberLookup(); // the signature's owner and the route in one statement
  const verified = await verifyTwilioForm(req, number.owner);
  if (!verified.ok) return verified.response;
  const parsed = ZInboundSms.safeParse(verified.params);
  if (!parsed.success) {
    return new Response(
      `Malformed message webhook: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
      { status: 400 },
    );
  }
  const twiml = await receiveSms(parsed.data, await number.route(parsed.data.To));
  return new Response(twiml, { status: 200, headers: { "content-type": "text/xml; charset=utf-8" } });
}
