import { inject } from "vitest";

process.env.DATABASE_URL = inject("databaseUrl");

// No test may reach a real PMS: a file that does not start a fake gets a closed local port instead
// (files that start a fake set these to it).
process.env.STOREDGE_API_BASE ??= "http://127.0.0.1:9";
process.env.STORA_API_BASE ??= "http://127.0.0.1:9";
