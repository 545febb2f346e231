import { describe, expect, it } from "vitest";
import { z } from "zod";

import { DOMAIN_ERRORS, DomainError, type DomainErrorCode } from "@/lib/domain-error";

import { ApiProblem, PROBLEMS, problemFrom } from "./problem";

describe("the one error map", () => {
  it("answers every DomainError code with a problem of the same status from the catalogue", () => {
    for (const code of Object.keys(DOMAIN_ERRORS) as DomainErrorCode[]) {
      const problem = problemFrom(new DomainError(code, `refused: ${code}`));
      expect(problem, code).toBeInstanceOf(ApiProblem);
      expect(problem!.status, code).toBe(DOMAIN_ERRORS[code].status);
      expect(PROBLEMS[problem!.kind].status, code).toBe(DOMAIN_ERRORS[code].status);
      expect(problem!.body("/x")).toMatchObject({ detail: `refused: ${code}`, status: DOMAIN_ERRORS[code].status });
    }
  });

  it("names the body field a bad request points at, and reads a service's zod issues as a validation error", () => {
    const bad = problemFrom(new DomainError("BAD_REQUEST", "Too long.", { field: "notes" }));
    expect(bad!.extra.errors).toEqual([{ location: "body", path: "notes", message: "Too long." }]);
    const zod = problemFrom(z.object({ n: z.number() }).safeParse({ n: "x" }).error);
    expect(zod!.kind).toBe("validation-error");
    expect(zod!.extra.errors?.[0]?.path).toBe("n");
  });

  it("leaves anything else to the caller, which logs it and answers internal-error", () => {
    expect(problemFrom(new Error("bug"))).toBeNull();
  });
});
