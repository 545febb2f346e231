import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

import { envSchema } from "@/env";

/**
 * The packaging (Dockerfile, compose.yaml, deploy/k8s, deploy/haproxy.cfg) cannot be run here (no
 * container engine), so it is held to the code it packages: every file parses, every variable it
 * sets is one src/env.ts validates, every command runs a script that exists the way that script is
 * meant to be started, and the probes ask the endpoints the processes serve.
 */
const root = path.resolve(import.meta.dirname, "..");
const read = (p: string) => readFileSync(path.join(root, p), "utf8");
const k8sFiles = readdirSync(path.join(root, "deploy/k8s"))
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => `deploy/k8s/${f}`);
const docs = (file: string) => {
  const all = parseAllDocuments(read(file), { merge: true });
  for (const d of all) expect(d.errors, file).toEqual([]);
  return all.map((d) => d.toJS() as Record<string, unknown>);
};
const known = new Set(Object.keys(envSchema.shape));
const POSTGRES_IMAGE_VARS = new Set(["POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"]);

type Container = {
  command?: string[];
  env?: { name: string }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  ports?: { name: string; containerPort: number }[];
};
type Probe = { httpGet?: { path: string; port: string | number } };

function containersOf(doc: Record<string, unknown>): Container[] {
  const spec = (doc.spec as { template?: { spec?: { containers?: Container[] } } } | undefined)?.template?.spec;
  return spec?.containers ?? [];
}

const SCRIPTS = ["server.ts", "scripts/worker.ts", "scripts/db-migrate.ts"];

/** The long-running processes preload the early signal handler before tsx (server.ts explains why). */
const EARLY_SIGNALS = "./src/server/lifecycle/early-signals.mjs";
const LONG_RUNNING = ["server.ts", "scripts/worker.ts"];

function expectRunnable(command: string[] | undefined, where: string) {
  const script = command?.at(-1);
  expect(SCRIPTS, where).toContain(script);
  expect(existsSync(path.join(root, script!)), where).toBe(true);
  expect(command, where).toEqual(
    LONG_RUNNING.includes(script!)
      ? ["node", "--import", EARLY_SIGNALS, "--import", "tsx", script]
      : ["node", "--import", "tsx", script],
  );
  expect(existsSync(path.join(root, EARLY_SIGNALS))).toBe(true);
}

describe("packaging", () => {
  it("Kubernetes manifests parse, use only validated variables, run real scripts and probe real endpoints", () => {
    const kinds: string[] = [];
    let grace = 0;
    let config: Record<string, string> = {};
    for (const file of k8sFiles)
      for (const doc of docs(file)) {
        kinds.push(String(doc.kind));
        if (doc.kind === "ConfigMap") config = doc.data as Record<string, string>;
        if (doc.kind === "Secret" || doc.kind === "ConfigMap") {
          const data = (doc.stringData ?? doc.data) as Record<string, string>;
          for (const key of Object.keys(data)) expect(known, `${file}: ${key}`).toContain(key);
        }
        for (const c of containersOf(doc)) {
          expectRunnable(c.command, `${file} ${String(doc.kind)}`);
          for (const e of c.env ?? []) expect(known, `${file}: ${e.name}`).toContain(e.name);
          for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe].filter(Boolean) as Probe[])
            expect(["/api/ready", "/api/health"]).toContain(probe.httpGet?.path);
          if (c.command?.[3] === "scripts/worker.ts") {
            const port = c.env?.find((e) => e.name === "WORKER_HEALTH_PORT") as { value?: string } | undefined;
            expect(c.ports?.find((p) => p.name === "health")?.containerPort).toBe(Number(port?.value));
          }
        }
        const t = (doc.spec as { template?: { spec?: { terminationGracePeriodSeconds?: number } } } | undefined)
          ?.template?.spec;
        if (doc.kind === "Deployment" && (doc.metadata as { name: string }).name.endsWith("-app"))
          grace = t?.terminationGracePeriodSeconds ?? 30;
      }
    expect(kinds.sort()).toEqual(
      expect.arrayContaining([
        "ConfigMap",
        "Deployment",
        "Deployment",
        "HorizontalPodAutoscaler",
        "Job",
        "PodDisruptionBudget",
        "Service",
      ]),
    );
    // The pod is not killed before its graceful shutdown can finish.
    const drain =
      Number(config.SHUTDOWN_READINESS_DELAY_MS) +
      Number(config.SHUTDOWN_TIMEOUT_MS) +
      Number(config.SHUTDOWN_WORKFLOW_TIMEOUT_MS);
    expect(grace * 1000).toBeGreaterThan(drain);
    // The worker runs the same workflows as the app servers (scheduled reports read on the replica,
    // texts, e-mails, the LLM), so it gets every variable they get but those only HTTP uses.
    const envOf = (name: string) => {
      const d = k8sFiles
        .flatMap((f) => docs(f))
        .find((x) => x.kind === "Deployment" && (x.metadata as { name: string }).name === name)!;
      return new Set(containersOf(d).flatMap((c) => (c.env ?? []).map((e) => e.name)));
    };
    const HTTP_ONLY = ["PORT", "METRICS_TOKEN", "STRIPE_WEBHOOK_SECRET"];
    const worker = envOf("storage-agent-worker");
    for (const name of envOf("storage-agent-app"))
      if (!HTTP_ONLY.includes(name)) expect(worker, `worker.yaml lacks ${name}`).toContain(name);
    const kustomization = docs("deploy/k8s/kustomization.yaml")[0] as { resources: string[] };
    for (const r of kustomization.resources) expect(existsSync(path.join(root, "deploy/k8s", r)), r).toBe(true);
    expect(kustomization.resources).not.toContain("secret.example.yaml");
  });

  it("compose.yaml parses, runs two app servers, a worker, Postgres with a volume and a balancer", () => {
    const [compose] = docs("compose.yaml") as [
      {
        services: Record<
          string,
          { command?: string[]; image?: string; environment?: Record<string, string>; volumes?: string[] }
        >;
        volumes: Record<string, unknown>;
      },
    ];
    const s = compose.services;
    expect(Object.keys(s).sort()).toEqual(["app1", "app2", "lb", "migrate", "postgres", "worker"]);
    expectRunnable(s.migrate!.command, "migrate");
    expectRunnable(s.worker!.command, "worker");
    expect(s.app1!.command).toBeUndefined(); // the image's CMD: server.ts
    expect(s.postgres!.volumes).toContain("pgdata:/var/lib/postgresql/data");
    expect(Object.keys(compose.volumes)).toContain("pgdata");
    for (const [name, svc] of Object.entries(s))
      for (const key of Object.keys(svc.environment ?? {}))
        expect(name === "postgres" ? POSTGRES_IMAGE_VARS : known, `${name}: ${key}`).toContain(key);
    // Compose stops a container after stop_grace_period: longer than the app's whole drain.
    const env = s.app1!.environment!;
    const drain =
      Number(env.SHUTDOWN_READINESS_DELAY_MS) +
      Number(env.SHUTDOWN_TIMEOUT_MS) +
      Number(env.SHUTDOWN_WORKFLOW_TIMEOUT_MS);
    for (const name of ["app1", "app2", "worker"]) {
      const grace = (s[name] as { stop_grace_period?: string }).stop_grace_period ?? "10s";
      expect(Number(/^(\d+)s$/.exec(grace)?.[1]) * 1000, name).toBeGreaterThan(drain);
    }
    const haproxy = read("deploy/haproxy.cfg");
    expect(haproxy).toMatch(/option httpchk GET \/api\/ready/);
    expect(haproxy).toMatch(/server app1 app1:3000 check/);
    expect(haproxy).toMatch(/server app2 app2:3000 check/);
  });

  it("deploy/haproxy.cfg finds the app containers through compose's DNS while it runs, and HAProxy accepts it", () => {
    const haproxy = read("deploy/haproxy.cfg");
    // Resolved again while running (a recreated container may come back at another address), and
    // the balancer starts while an app container is absent, instead of failing on the name.
    const resolvers = /^resolvers (\S+)$/m.exec(haproxy)?.[1];
    expect(resolvers).toBeTruthy();
    expect(haproxy).toMatch(/^\s+nameserver \S+ 127\.0\.0\.11:53$/m);
    const defaults = /^\s+default-server (.*)$/m.exec(haproxy)?.[1] ?? "";
    expect(defaults).toContain(`resolvers ${resolvers}`);
    expect(defaults).toMatch(/init-addr \S*\bnone\b/);
    // Where HAProxy is installed (bench:cluster installs Debian's), its own check of the file: it
    // failed on "could not resolve address 'app1'" before, as the balancer did when app1 was away.
    const bin = spawnSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" }).stdout.trim();
    if (!bin) return;
    const res = spawnSync(bin, ["-c", "-f", path.join(root, "deploy/haproxy.cfg")], { encoding: "utf8" });
    expect(res.status, res.stderr).toBe(0);
  });

  it("the Dockerfile is multi-stage, production dependencies only, non-root, checks /api/ready, runs server.ts", () => {
    const file = read("Dockerfile");
    const stages = [...file.matchAll(/^FROM (\S+)(?: AS (\S+))?/gm)];
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const final = file.slice(file.lastIndexOf("\nFROM "));
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^HEALTHCHECK .*\n?.*\/api\/ready/m);
    expectRunnable(JSON.parse(/^CMD (\[.*\])$/m.exec(final)![1]!) as string[], "Dockerfile CMD");
    expect(file).toMatch(/npm ci [^\n]*--omit=dev/);
    expect(final).not.toMatch(/npm ci(?![^\n]*--omit=dev)/);
    for (const m of final.matchAll(/^COPY --chown=node:node (?!--from)(.+) \S+$/gm))
      for (const src of m[1]!.split(/\s+/)) expect(existsSync(path.join(root, src)), src).toBe(true);
    // Everything server.ts and the scripts import at run time is in the image.
    for (const dir of ["src", "scripts", "drizzle", "public"])
      expect(final).toContain(`COPY --chown=node:node ${dir} ./${dir}`);
  });
});
