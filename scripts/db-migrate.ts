import { closeDb } from "@/server/db/client";
import { ensureDatabase } from "@/server/db/bootstrap";

const { embedded } = await ensureDatabase();
await closeDb();
await embedded?.stop();
