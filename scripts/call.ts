/**
 * npm run call -- --to NUMBER [--from NUMBER] [--sms] [--url BASE] "utterance" ...
 *
 * Plays a phone call (or, with --sms, a text thread) against a running Storage Agent, with requests
 * signed exactly as Twilio signs them, and prints the agent's replies. For operators without Twilio
 * set up, and for checking a deployment. The number must be one of an organization's numbers
 * (attach it in Settings > Phone numbers; without Twilio it is just recorded).
 *
 * Signatures use the Twilio auth token when TWILIO_AUTH_TOKEN is set, otherwise the local signing
 * key derived from the app secret: run this with the same environment (and DATA_DIR) as the server.
 * --url is where to send requests (default: PUBLIC_URL); signatures always cover PUBLIC_URL.
 */
import { parseArgs } from "node:util";

import { simulateCall, simulateSms, type SimLine } from "@/server/channels/simulator/call";
import { httpTransport } from "@/server/channels/simulator/transport";
import { publicUrlFrom } from "@/lib/public-url";

const DEFAULT_CALL = ["Hi, how much is a ten by ten?", "What are your office hours?", "Thanks, that's all. Goodbye."];
const DEFAULT_TEXTS = ["Hi, do you have a 10x10 available?", "What are your hours?"];

function usage(message?: string): never {
  if (message) console.error(`call: ${message}`);
  console.error(
    'Usage: npm run call -- --to +15125550100 [--from +14155550123] [--sms] [--url http://localhost:3000] "utterance" ...',
  );
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        to: { type: "string" },
        from: { type: "string" },
        sms: { type: "boolean", default: false },
        url: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    usage((err as Error).message);
  }
})();
if (values.help) usage();
if (!values.to) usage("--to is required");

const who = { caller: "caller", agent: " agent", system: "   ---" } as const;
const print = (line: SimLine) => console.log(`${who[line.who]} > ${line.text}`);
const transport = httpTransport(values.url ?? publicUrlFrom(process.env));

try {
  if (values.sms) {
    const r = await simulateSms({
      transport,
      to: values.to,
      from: values.from,
      messages: positionals.length ? positionals : DEFAULT_TEXTS,
      onLine: print,
    });
    console.log(`   --- texts from ${r.from}`);
  } else {
    const r = await simulateCall({
      transport,
      to: values.to,
      from: values.from,
      utterances: positionals.length ? positionals : DEFAULT_CALL,
      onLine: print,
    });
    console.log(
      `   --- ${r.mode === "relay" ? "ConversationRelay" : "Gather"} call ${r.callSid} from ${r.from}${r.conversationId ? `, conversation ${r.conversationId}` : ""}`,
    );
  }
  process.exit(0);
} catch (err) {
  console.error(`call: ${(err as Error).message}`);
  process.exit(1);
}
