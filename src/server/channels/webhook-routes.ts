import { handleSmsWebhook } from "./sms/sms-webhook";
import { handleSmsStatusWebhook } from "./sms/status-webhook";
import { handleCallStatus } from "./voice/call-status";
import { handleDialAction } from "./voice/dial-action";
import { handleGather } from "./voice/gather";
import { handleIncomingCall } from "./voice/incoming-call";
import { handlePayAction } from "./voice/pay-action";
import { handleRelayAction } from "./voice/relay-action";

/**
 * Every Twilio webhook we serve, by path: the handler each `src/app/api/twilio/.../route.ts` calls
 * for POST. The production server answers these paths itself before Next (src/server/channels/twilio-direct.ts),
 * the simulator and the benchmark call them in process; a test keeps this table equal to the route files.
 */
export const TWILIO_WEBHOOKS: Readonly<Record<string, (req: Request) => Promise<Response>>> = {
  "/api/twilio/voice": handleIncomingCall,
  "/api/twilio/voice/gather": handleGather,
  "/api/twilio/voice/dial-action": handleDialAction,
  "/api/twilio/voice/relay-action": handleRelayAction,
  "/api/twilio/voice/pay-action": handlePayAction,
  "/api/twilio/voice-status": handleCallStatus,
  "/api/twilio/sms": handleSmsWebhook,
  "/api/twilio/sms-status": handleSmsStatusWebhook,
};
