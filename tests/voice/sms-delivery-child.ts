/**
 * One Twilio delivery of an inbound text, handled in a process of its own so a test can SIGKILL it
 * mid-turn (tests/voice/sms-redelivery.integration.test.ts). Reads the signed request from
 * SMS_DELIVERY (JSON: path, params, signature), prints the TwiML answer, exits.
 */
import { handleSmsWebhook } from "@/server/channels/sms/sms-webhook";

import { twilioPost } from "../twilio-webhooks";

const { path, params, signature } = JSON.parse(process.env.SMS_DELIVERY ?? "{}") as {
  path: string;
  params: Record<string, string>;
  signature: string;
};
console.log("delivering");
const res = await handleSmsWebhook(twilioPost(path, params, { signature }));
console.log(`answered ${res.status}: ${await res.text()}`);
process.exit(0);
