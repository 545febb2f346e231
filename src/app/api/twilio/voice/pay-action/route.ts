import { handlePayAction } from "@/server/channels/voice/pay-action";

/** The <Pay> action of a payment by phone. See src/server/channels/voice/pay-action.ts and docs/payments.md. */
export const dynamic = "force-dynamic";

export function POST(req: Request) {
  return handlePayAction(req);
}
