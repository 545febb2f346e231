import { describe, expect, it } from "vitest";

import { publicUrlFrom } from "./public-url";

describe("publicUrlFrom", () => {
  it("is PUBLIC_URL without trailing slashes when set", () => {
    expect(publicUrlFrom({ PUBLIC_URL: "https://agent.example.com/", PORT: "8080" })).toBe("https://agent.example.com");
  });

  it("is this port's local address when PUBLIC_URL is unset or blank", () => {
    expect(publicUrlFrom({ PORT: "3400" })).toBe("http://localhost:3400");
    expect(publicUrlFrom({ PUBLIC_URL: "  ", PORT: 3401 })).toBe("http://localhost:3401");
    expect(publicUrlFrom({})).toBe("http://localhost:3000");
  });
});
