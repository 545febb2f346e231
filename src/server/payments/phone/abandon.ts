import { withOrg } from "@/server/db/client";

import { sendPhonePaymentReceipt } from "./receipt";
import { abandonOpenPhonePayments } from "./settle";

/**
 * The call ended with a <Pay> still open (the caller hung up while typing and Twilio sent no result):
 * the attempt is abandoned and the caller is texted the next step. Nothing was charged; if Twilio's
 * report of a charge still arrives, it settles the attempt as a success all the same.
 */
export async function abandonPhonePayments(call: {
  organizationId: string;
  conversationId: string;
  facilityId: string | null;
  fromAddress: string | null;
}): Promise<void> {
  const left = await withOrg(call.organizationId, (tx) =>
    abandonOpenPhonePayments(tx, call.organizationId, call.conversationId),
  );
  for (const p of left)
    await sendPhonePaymentReceipt(call, {
      id: p.id,
      amountCents: p.amountCents,
      currency: "usd",
      customerId: null,
      rentalId: null,
      status: "abandoned",
      outcome: "hung_up",
      fresh: true,
      stripePaymentIntentId: null,
      stripeChargeId: null,
      stripeAccountId: null,
    });
}
