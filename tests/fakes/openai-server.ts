/**
 * A local OpenAI-compatible server for the LLM brain's tests: POST /v1/chat/completions answers
 * with Server-Sent Events like the real API (role chunk, content or tool-call deltas, finish
 * reason, usage chunk, [DONE]). Each request is answered by the test's script, which sees the
 * request body, so a test can play tool calls, text, 500s, hangs and malformed arguments.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakeReply =
  | { kind: "text"; text: string; chunkSize?: number; delayMs?: number }
  | { kind: "tools"; calls: { name: string; arguments: string }[] }
  | { kind: "status"; status: number; body?: unknown }
  | { kind: "hang" }
  | { kind: "refusal"; text: string };

export interface ChatRequest {
  model: string;
  stream?: boolean;
  messages: { role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; parameters: unknown } }[];
}

export interface FakeOpenAI {
  url: string;
  requests: ChatRequest[];
  /** The Authorization header of each request, in order (which key the client sent). */
  authorizations: string[];
  close(): Promise<void>;
}

export async function startFakeOpenAI(script: (req: ChatRequest, index: number) => FakeReply): Promise<FakeOpenAI> {
  const requests: ChatRequest[] = [];
  const authorizations: string[] = [];
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
        res
          .writeHead(404, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      if (!String(req.headers.authorization ?? "").startsWith("Bearer ")) {
        res
          .writeHead(401, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { message: "missing key" } }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequest;
      const index = requests.push(body) - 1;
      authorizations.push(String(req.headers.authorization));
      const reply = script(body, index);
      if (reply.kind === "status") {
        res
          .writeHead(reply.status, { "content-type": "application/json" })
          .end(JSON.stringify(reply.body ?? { error: { message: "scripted failure", type: "server_error" } }));
        return;
      }
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      if (reply.kind === "hang") {
        open.add(res);
        res.on("close", () => open.delete(res));
        return;
      }
      const id = `chatcmpl-${index}`;
      const send = (delta: Record<string, unknown>, finish: string | null = null) =>
        res.write(
          `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
        );
      send({ role: "assistant", content: "" });
      let finish = "stop";
      if (reply.kind === "text") {
        const size = reply.chunkSize ?? 8;
        for (let i = 0; i < reply.text.length; i += size) {
          send({ content: reply.text.slice(i, i + size) });
          if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        }
      } else if (reply.kind === "refusal") {
        send({ refusal: reply.text });
      } else {
        reply.calls.forEach((c, i) => {
          send({
            tool_calls: [
              { index: i, id: `call_${index}_${i}`, type: "function", function: { name: c.name, arguments: "" } },
            ],
          });
          // Arguments arrive in pieces, as the real API sends them.
          for (let k = 0; k < c.arguments.length; k += 10)
            send({ tool_calls: [{ index: i, function: { arguments: c.arguments.slice(k, k + 10) } }] });
        });
        finish = "tool_calls";
      }
      send({}, finish);
      res.write(
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: 0, model: body.model, choices: [], usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 } })}\n\n`,
      );
      res.end("data: [DONE]\n\n");
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    authorizations,
    close: () =>
      new Promise<void>((r) => {
        for (const res of open) res.destroy();
        server.close(() => r());
      }),
  };
}
