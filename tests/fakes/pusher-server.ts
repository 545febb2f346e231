import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local fake of Pusher Channels' HTTP API (POST /apps/{app_id}/events) that checks the request
 * signature the way Pusher documents it (auth_key, auth_timestamp, auth_version, body_md5, then
 * HMAC-SHA256 of "POST\n<path>\n<sorted query>" with the app secret) and records the events.
 */
export interface PusherEvent {
  name: string;
  channels: string[];
  data: unknown;
}

export async function startFakePusher() {
  const appId = String(100000 + Math.floor(Math.random() * 899999));
  const key = `key${Math.random().toString(36).slice(2, 10)}`;
  const secret = `secret${Math.random().toString(36).slice(2, 14)}`;
  const events: PusherEvent[] = [];
  const rejected: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      const url = new URL(req.url ?? "/", "http://fake");
      const params = Object.fromEntries(url.searchParams);
      const { auth_signature: signature, ...rest } = params;
      const query = Object.keys(rest)
        .sort()
        .map((k) => `${k}=${rest[k]}`)
        .join("&");
      const expected = createHmac("sha256", secret).update(`${req.method}\n${url.pathname}\n${query}`).digest("hex");
      const md5 = createHash("md5").update(body).digest("hex");
      if (
        req.method !== "POST" ||
        url.pathname !== `/apps/${appId}/events` ||
        rest.auth_key !== key ||
        signature !== expected ||
        rest.body_md5 !== md5
      ) {
        rejected.push(`${req.method} ${url.pathname}`);
        res.writeHead(401).end("Invalid signature");
        return;
      }
      const parsed = JSON.parse(body) as { name: string; channels?: string[]; channel?: string; data: string };
      events.push({
        name: parsed.name,
        channels: parsed.channels ?? (parsed.channel ? [parsed.channel] : []),
        data: JSON.parse(parsed.data),
      });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    appId,
    key,
    secret,
    url,
    events,
    rejected,
    env: { PUSHER_APP_ID: appId, PUSHER_KEY: key, PUSHER_SECRET: secret, PUSHER_CLUSTER: "mt1", PUSHER_HOST: url },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
