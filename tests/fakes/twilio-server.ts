import { createHmac, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local fake of the parts of Twilio's REST API (2010-04-01) we use, spoken the way Twilio speaks
 * it: form-encoded requests, HTTP Basic auth (an account's own credentials, or its parent's on a
 * subaccount), JSON responses with snake_case fields, Twilio-style error bodies. Point the SDK at it
 * with TWILIO_API_BASE=fake.url.
 *
 * It records what it received so tests can assert "sent exactly once", and, like Twilio, calls a
 * message's StatusCallback (signed with the owning account's token) after answering the create.
 */
export interface FakeAccount {
  sid: string;
  authToken: string;
  friendlyName: string;
  parentSid: string | null;
  status: "active";
}

export interface FakeNumber {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  voiceUrl: string;
  voiceMethod: string;
  smsUrl: string;
  smsMethod: string;
  statusCallback: string;
  statusCallbackMethod: string;
}

export interface FakeMessage {
  sid: string;
  accountSid: string;
  from: string;
  to: string;
  body: string;
  statusCallback: string | null;
  dateCreated: Date;
}

/**
 * Runs after a message create was accepted (stored) and before Twilio answers. Returning "cut"
 * closes the connection without an answer: Twilio has the message, the sender never learns its sid.
 * The crash test kills the sending process here.
 */
export type MessageAcceptedHook = (m: FakeMessage) => Promise<"cut" | void> | "cut" | void;

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  form: Record<string, string>;
  username: string | null;
}

/** How a status callback reaches the app. Default: a real HTTP POST to the callback URL. */
export type DeliverCallback = (input: {
  url: string;
  params: Record<string, string>;
  signature: string;
}) => Promise<void>;

/**
 * Twilio's documented request signature, written out independently of the SDK so tests cross-check
 * our validation: HMAC-SHA1 over the URL followed by each POST parameter name and value, names
 * sorted, keyed with the account's auth token, base64.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

const hex = (n: number) => randomBytes(n).toString("hex");
const sid = (prefix: string) => `${prefix}${hex(16)}`;
const API = "/2010-04-01";

export async function startFakeTwilio(opts: { deliver?: DeliverCallback; statuses?: string[] } = {}) {
  const main: FakeAccount = {
    sid: sid("AC"),
    authToken: hex(16),
    friendlyName: "Main account",
    parentSid: null,
    status: "active",
  };
  const accounts = new Map<string, FakeAccount>([[main.sid, main]]);
  const numbers = new Map<string, FakeNumber>();
  const messages: FakeMessage[] = [];
  const requests: FakeRequest[] = [];
  const pending = new Set<Promise<void>>();
  const callbackErrors: unknown[] = [];
  let deliver: DeliverCallback =
    opts.deliver ??
    (async ({ url, params, signature }) => {
      await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
        body: new URLSearchParams(params),
      });
    });
  const callbackStatuses = opts.statuses ?? ["sent", "delivered"];
  let onAccepted: MessageAcceptedHook | null = null;

  const accountJson = (a: FakeAccount) => ({
    sid: a.sid,
    owner_account_sid: a.parentSid ?? a.sid,
    friendly_name: a.friendlyName,
    auth_token: a.authToken,
    status: a.status,
    type: "Full",
    date_created: new Date().toUTCString(),
    uri: `${API}/Accounts/${a.sid}.json`,
  });
  const numberJson = (n: FakeNumber) => ({
    sid: n.sid,
    account_sid: n.accountSid,
    phone_number: n.phoneNumber,
    friendly_name: n.friendlyName,
    voice_url: n.voiceUrl,
    voice_method: n.voiceMethod,
    sms_url: n.smsUrl,
    sms_method: n.smsMethod,
    status_callback: n.statusCallback,
    status_callback_method: n.statusCallbackMethod,
    capabilities: { voice: true, sms: true, mms: true, fax: false },
    status: "in-use",
    uri: `${API}/Accounts/${n.accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
  });
  const messageJson = (m: FakeMessage) => ({
    sid: m.sid,
    account_sid: m.accountSid,
    from: m.from,
    to: m.to,
    body: m.body,
    status: "queued",
    direction: "outbound-api",
    num_segments: "1",
    api_version: "2010-04-01",
    date_created: m.dateCreated.toUTCString(),
    date_sent: m.dateCreated.toUTCString(),
    uri: `${API}/Accounts/${m.accountSid}/Messages/${m.sid}.json`,
  });
  const page = (key: string, rows: unknown[], uri: string) => ({
    [key]: rows,
    uri,
    page: 0,
    page_size: rows.length,
    first_page_uri: uri,
    next_page_uri: null,
    previous_page_uri: null,
    start: 0,
    end: Math.max(rows.length - 1, 0),
  });

  /** Who may act on `accountSid`: the account itself or its parent, with the right token. */
  function authorized(header: string | undefined, accountSid: string): boolean {
    if (!header?.startsWith("Basic ")) return false;
    const [user, pass] = Buffer.from(header.slice(6), "base64").toString().split(":");
    const caller = user ? accounts.get(user) : undefined;
    const target = accounts.get(accountSid);
    if (!caller || caller.authToken !== pass || !target) return false;
    return target.sid === caller.sid || target.parentSid === caller.sid;
  }

  function scheduleStatusCallbacks(m: FakeMessage) {
    if (!m.statusCallback) return;
    const account = accounts.get(m.accountSid)!;
    const run = (async () => {
      for (const status of callbackStatuses) {
        const params = {
          MessageSid: m.sid,
          SmsSid: m.sid,
          AccountSid: m.accountSid,
          From: m.from,
          To: m.to,
          MessageStatus: status,
          SmsStatus: status,
          ApiVersion: "2010-04-01",
        };
        const signature = twilioSignature(account.authToken, m.statusCallback!, params);
        try {
          await deliver({ url: m.statusCallback!, params, signature });
        } catch (err) {
          callbackErrors.push(err);
        }
      }
    })();
    pending.add(run);
    void run.finally(() => pending.delete(run));
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", "http://fake.twilio");
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
        const auth = req.headers.authorization;
        const username = auth?.startsWith("Basic ")
          ? (Buffer.from(auth.slice(6), "base64").toString().split(":")[0] ?? null)
          : null;
        requests.push({
          method: req.method ?? "GET",
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          form,
          username,
        });
        const send = (status: number, body?: unknown) => {
          res.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
          res.end(body === undefined ? undefined : JSON.stringify(body));
        };
        const error = (status: number, code: number, message: string) =>
          send(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

        const p = url.pathname;
        if (req.method === "POST" && p === `${API}/Accounts.json`) {
          const caller = username ? accounts.get(username) : undefined;
          if (!caller || !authorized(auth, caller.sid))
            return error(401, 20003, "Authentication Error - invalid username");
          if (caller.parentSid) return error(403, 20008, "Subaccounts cannot create subaccounts");
          const sub: FakeAccount = {
            sid: sid("AC"),
            authToken: hex(16),
            friendlyName: form.FriendlyName ?? "Subaccount",
            parentSid: caller.sid,
            status: "active",
          };
          accounts.set(sub.sid, sub);
          return send(201, accountJson(sub));
        }
        const m = p.match(/^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})(\/.*)?\.json$/);
        if (!m) return error(404, 20404, "The requested resource was not found");
        const accountSid = m[1]!;
        const rest = m[2] ?? "";
        if (!authorized(auth, accountSid)) return error(401, 20003, "Authentication Error - invalid username");
        const account = accounts.get(accountSid)!;

        if (req.method === "GET" && rest === "") return send(200, accountJson(account));

        const avail = rest.match(/^\/AvailablePhoneNumbers\/([A-Z]{2})\/Local$/);
        if (req.method === "GET" && avail) {
          const area = url.searchParams.get("AreaCode") ?? "415";
          const size = Math.min(Number(url.searchParams.get("PageSize") ?? 20), 30);
          const owned = new Set([...numbers.values()].map((n) => n.phoneNumber));
          // Random numbers in the area code, like Twilio's inventory: a persistent test database never
          // sees the same "available" number twice.
          const rows = Array.from(
            { length: size },
            () =>
              `+1${area}${200 + (randomBytes(2).readUInt16BE() % 800)}${String(randomBytes(2).readUInt16BE() % 10000).padStart(4, "0")}`,
          )
            .filter((n) => !owned.has(n))
            .map((n) => ({
              phone_number: n,
              friendly_name: `(${area}) ${n.slice(5, 8)}-${n.slice(-4)}`,
              locality: "Fakeville",
              region: "CA",
              iso_country: avail[1],
              capabilities: { voice: true, SMS: true, MMS: true, sms: true, mms: true, fax: false },
            }));
          return send(200, page("available_phone_numbers", rows, p));
        }

        if (rest === "/IncomingPhoneNumbers") {
          if (req.method === "GET") {
            const want = url.searchParams.get("PhoneNumber");
            const rows = [...numbers.values()].filter(
              (n) => n.accountSid === accountSid && (!want || n.phoneNumber === want),
            );
            return send(200, page("incoming_phone_numbers", rows.map(numberJson), p));
          }
          if (req.method === "POST") {
            const phone = form.PhoneNumber;
            if (!phone) return error(400, 21421, "PhoneNumber is required");
            if ([...numbers.values()].some((n) => n.phoneNumber === phone))
              return error(400, 21422, "PhoneNumber is not available");
            const n: FakeNumber = {
              sid: sid("PN"),
              accountSid,
              phoneNumber: phone,
              friendlyName: form.FriendlyName ?? phone,
              voiceUrl: form.VoiceUrl ?? "",
              voiceMethod: form.VoiceMethod ?? "POST",
              smsUrl: form.SmsUrl ?? "",
              smsMethod: form.SmsMethod ?? "POST",
              statusCallback: form.StatusCallback ?? "",
              statusCallbackMethod: form.StatusCallbackMethod ?? "POST",
            };
            numbers.set(n.sid, n);
            return send(201, numberJson(n));
          }
        }
        const one = rest.match(/^\/IncomingPhoneNumbers\/(PN[0-9a-f]{32})$/);
        if (one) {
          const n = numbers.get(one[1]!);
          if (!n || n.accountSid !== accountSid) return error(404, 20404, "The requested resource was not found");
          if (req.method === "GET") return send(200, numberJson(n));
          if (req.method === "DELETE") {
            numbers.delete(n.sid);
            return send(204);
          }
          if (req.method === "POST") {
            if (form.FriendlyName !== undefined) n.friendlyName = form.FriendlyName;
            if (form.VoiceUrl !== undefined) n.voiceUrl = form.VoiceUrl;
            if (form.VoiceMethod !== undefined) n.voiceMethod = form.VoiceMethod;
            if (form.SmsUrl !== undefined) n.smsUrl = form.SmsUrl;
            if (form.SmsMethod !== undefined) n.smsMethod = form.SmsMethod;
            if (form.StatusCallback !== undefined) n.statusCallback = form.StatusCallback;
            if (form.StatusCallbackMethod !== undefined) n.statusCallbackMethod = form.StatusCallbackMethod;
            return send(200, numberJson(n));
          }
        }

        if (req.method === "POST" && rest === "/Messages") {
          if (!form.To) return error(400, 21604, "A 'To' phone number is required.");
          if (!form.Body) return error(400, 21602, "Message body is required.");
          if (
            !form.From ||
            ![...numbers.values()].some((n) => n.accountSid === accountSid && n.phoneNumber === form.From)
          ) {
            return error(
              400,
              21606,
              `The From phone number ${form.From ?? ""} is not a valid, SMS-capable inbound phone number or short code for your account.`,
            );
          }
          const msg: FakeMessage = {
            sid: sid("SM"),
            accountSid,
            from: form.From,
            to: form.To,
            body: form.Body,
            statusCallback: form.StatusCallback ?? null,
            dateCreated: new Date(),
          };
          messages.push(msg);
          if ((await onAccepted?.(msg)) === "cut") return void req.socket.destroy();
          send(201, messageJson(msg));
          scheduleStatusCallbacks(msg);
          return;
        }
        if (req.method === "GET" && rest === "/Messages") {
          // Twilio lists newest first; To and From filter exactly.
          const to = url.searchParams.get("To");
          const from = url.searchParams.get("From");
          const size = Math.min(Number(url.searchParams.get("PageSize") ?? 50), 1000);
          const rows = messages
            .filter((x) => x.accountSid === accountSid && (!to || x.to === to) && (!from || x.from === from))
            .reverse()
            .slice(0, size);
          return send(200, page("messages", rows.map(messageJson), p));
        }
        return error(404, 20404, "The requested resource was not found");
      })();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    accountSid: main.sid,
    authToken: main.authToken,
    /** Every REST request received, in order. */
    requests,
    /** Every message create Twilio accepted, in order. */
    messages,
    messagesTo: (to: string) => messages.filter((m) => m.to === to),
    subaccounts: () => [...accounts.values()].filter((a) => a.parentSid === main.sid),
    account: (accountSid: string) => accounts.get(accountSid) ?? null,
    numbers: () => [...numbers.values()],
    number: (phoneNumber: string) => [...numbers.values()].find((n) => n.phoneNumber === phoneNumber) ?? null,
    /** A number the operator already owns (bought in the Twilio console), for attach tests. */
    addNumber(phoneNumber: string, accountSid = main.sid): FakeNumber {
      const n: FakeNumber = {
        sid: sid("PN"),
        accountSid,
        phoneNumber,
        friendlyName: phoneNumber,
        voiceUrl: "https://old.example/voice",
        voiceMethod: "POST",
        smsUrl: "https://old.example/sms",
        smsMethod: "POST",
        statusCallback: "",
        statusCallbackMethod: "POST",
      };
      numbers.set(n.sid, n);
      return n;
    },
    /** The number leaves the account (released in the console, ported away). */
    removeNumber(numberSid: string) {
      numbers.delete(numberSid);
    },
    /** See MessageAcceptedHook; null restores plain acceptance. */
    onMessageAccepted(fn: MessageAcceptedHook | null) {
      onAccepted = fn;
    },
    setDeliver(fn: DeliverCallback) {
      deliver = fn;
    },
    /** Waits until every status callback started so far has been delivered. */
    async settled() {
      while (pending.size) await Promise.all([...pending]);
      return callbackErrors;
    },
    /** Sets the environment variables that point our Twilio integration at this fake. */
    useInEnv() {
      process.env.TWILIO_ACCOUNT_SID = main.sid;
      process.env.TWILIO_AUTH_TOKEN = main.authToken;
      process.env.TWILIO_API_BASE = `http://127.0.0.1:${port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;
