import { randomBytes, randomUUID } from "node:crypto";

import { signRequest } from "@/server/integrations/twilio";

/**
 * The bounded mixed load of `npm run bench:cluster`, sent through the load balancer as Twilio, an
 * API client and a dashboard would: signed SMS webhooks, voice calls (incoming call, two gather
 * turns, the completed status callback), API bookings and dashboard list reads. Every answered
 * write is remembered, so the benchmark can look for each one in the database afterwards.
 */
export type Op = "sms" | "voice" | "booking" | "list";

export interface LoadTarget {
  baseUrl: string; // the balancer
  orgNumber: string;
  apiKey: string;
  unitTypeId: string;
  moveInDate: string;
  cookie: string;
}

export interface Acked {
  sms: string[]; // MessageSid of every inbound text answered 200
  turns: { callSid: string; turn: number }[]; // every gather answered 200
  calls: string[]; // CallSid of every call whose completed callback was answered
  bookings: { id: string; phone: string }[];
}

export interface PhaseStats {
  label: string;
  requests: number;
  failed: number;
  /** Failures by reason, e.g. "502 /api/twilio/sms" or "fetch failed /api/v1/reservations". */
  failures: Record<string, number>;
  seconds: number;
  latenciesMs: number[];
  byOp: Record<Op, number[]>;
}

const WEIGHTS: [Op, number][] = [
  ["sms", 30],
  ["voice", 20],
  ["booking", 15],
  ["list", 35],
];

const pick = (): Op => {
  let r = Math.random() * 100;
  for (const [op, w] of WEIGHTS) if ((r -= w) < 0) return op;
  return "list";
};

let phoneSeq = Number(randomBytes(2).readUInt16BE() % 1000) * 1000;
/** A distinct valid US number for every customer of the run. */
const nextPhone = () => `+1650${String(2000000 + (phoneSeq++ % 7999999)).padStart(7, "0")}`;
const sid = (p: string) => `${p}${randomBytes(16).toString("hex")}`;

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export class MixedLoad {
  readonly acked: Acked = { sms: [], turns: [], calls: [], bookings: [] };
  private stats: PhaseStats | null = null;
  private stopping = false;
  private runners: Promise<void>[] = [];

  constructor(
    private readonly target: LoadTarget,
    private readonly concurrency: number,
  ) {}

  /** Starts (or keeps) the load, counting into a new phase. */
  phase(label: string) {
    const previous = this.stats;
    this.stats = {
      label,
      requests: 0,
      failed: 0,
      failures: {},
      seconds: 0,
      latenciesMs: [],
      byOp: { sms: [], voice: [], booking: [], list: [] },
    };
    (this.stats as PhaseStats & { started: number }).started = performance.now();
    if (!this.runners.length) for (let i = 0; i < this.concurrency; i++) this.runners.push(this.loop());
    return previous;
  }

  /** Ends the current phase (the load keeps running unless stopped). */
  endPhase(): PhaseStats {
    const s = this.stats!;
    s.seconds = (performance.now() - (s as PhaseStats & { started: number }).started) / 1000;
    s.latenciesMs.sort((a, b) => a - b);
    for (const op of Object.keys(s.byOp) as Op[]) s.byOp[op].sort((a, b) => a - b);
    this.stats = null;
    return s;
  }

  async stop() {
    this.stopping = true;
    await Promise.all(this.runners);
    this.runners = [];
    this.stopping = false;
  }

  private async loop() {
    while (!this.stopping) {
      const op = pick();
      try {
        await this.run(op);
      } catch {
        // counted in request()
      }
    }
  }

  /**
   * One request; a network error, a 5xx or a status the operation never answers when it works
   * (`expected`) counts as failed. Returns the answer, or null when it failed.
   */
  private async request(
    op: Op,
    path: string,
    init: RequestInit,
    expected: number[],
  ): Promise<{ status: number; body: string } | null> {
    const stats = this.stats;
    const started = performance.now();
    let status = 0;
    let body = "";
    let reason = "";
    try {
      const res = await fetch(`${this.target.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
      status = res.status;
      body = await res.text();
      if (!expected.includes(status)) reason = `${status}`;
    } catch (err) {
      reason = (err as Error).name === "TimeoutError" ? "timeout" : "network";
    }
    const ms = performance.now() - started;
    if (stats && this.stats === stats) {
      stats.requests++;
      stats.latenciesMs.push(ms);
      stats.byOp[op].push(ms);
      if (reason) {
        stats.failed++;
        const key = `${reason} ${path.split("?")[0]}`;
        stats.failures[key] = (stats.failures[key] ?? 0) + 1;
      }
    }
    return reason ? null : { status, body };
  }

  /** A Twilio-signed form POST: the signature covers PUBLIC_URL + path, as our webhooks check it. */
  private twilio(op: Op, path: string, params: Record<string, string>, expected = [200]) {
    return this.request(
      op,
      path,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signRequest(`${process.env.PUBLIC_URL}${path}`, params),
        },
        body: new URLSearchParams(params).toString(),
      },
      expected,
    );
  }

  private async run(op: Op) {
    const t = this.target;
    if (op === "sms") {
      const MessageSid = sid("SM");
      const res = await this.twilio(op, "/api/twilio/sms", {
        MessageSid,
        SmsSid: MessageSid,
        AccountSid: sid("AC"),
        From: nextPhone(),
        To: t.orgNumber,
        Body: "Hi, do you have a 10x10 available this week?",
        NumMedia: "0",
        ApiVersion: "2010-04-01",
      });
      if (res?.status === 200) this.acked.sms.push(MessageSid);
      return;
    }
    if (op === "voice") {
      const CallSid = sid("CA");
      const base = {
        CallSid,
        AccountSid: sid("AC"),
        From: nextPhone(),
        To: t.orgNumber,
        Direction: "inbound",
        ApiVersion: "2010-04-01",
      };
      const incoming = await this.twilio(op, "/api/twilio/voice", { ...base, CallStatus: "ringing" });
      if (incoming?.status !== 200) return;
      let action = /<Gather[^>]*action="([^"]+)"/.exec(incoming.body)?.[1]?.replace(/&amp;/g, "&");
      const utterances = ["How much is a ten by ten?", "What are your office hours?"];
      for (let turn = 1; turn <= utterances.length && action; turn++) {
        const url = new URL(action);
        const res = await this.twilio(op, `${url.pathname}${url.search}`, {
          ...base,
          CallStatus: "in-progress",
          SpeechResult: utterances[turn - 1]!,
          Confidence: "0.93",
        });
        if (res?.status !== 200) return;
        this.acked.turns.push({ callSid: CallSid, turn });
        action = /<Gather[^>]*action="([^"]+)"/.exec(res.body)?.[1]?.replace(/&amp;/g, "&");
      }
      const done = await this.twilio(
        op,
        "/api/twilio/voice-status",
        {
          ...base,
          CallStatus: "completed",
          CallDuration: "42",
          CallbackSource: "call-progress-events",
          SequenceNumber: "3",
          Timestamp: new Date().toUTCString(),
        },
        [200, 204],
      );
      if (done) this.acked.calls.push(CallSid);
      return;
    }
    if (op === "booking") {
      const phone = nextPhone();
      const res = await this.request(
        op,
        "/api/v1/reservations",
        {
          method: "POST",
          // As a careful client books: with a key, so the balancer may replay it on a dead server.
          headers: {
            authorization: `Bearer ${t.apiKey}`,
            "content-type": "application/json",
            "idempotency-key": randomUUID(),
          },
          body: JSON.stringify({
            unit_type_id: t.unitTypeId,
            move_in_date: t.moveInDate,
            customer: { name: "Bench Booker", phone },
          }),
        },
        [201, 409],
      );
      if (res?.status === 201) this.acked.bookings.push({ id: (JSON.parse(res.body) as { id: string }).id, phone });
      return;
    }
    const input = encodeURIComponent(JSON.stringify({ json: { limit: 50 } }));
    await this.request(op, `/api/trpc/leads.list?input=${input}`, { headers: { cookie: t.cookie } }, [200]);
  }
}
