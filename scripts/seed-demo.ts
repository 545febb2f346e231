/** Seeds (or refreshes) the demo organization in the configured database: `npm run seed:demo`. */
import { ensureDatabase } from "@/server/db/bootstrap";
import { closeDb } from "@/server/db/client";
import { seedDemo } from "@/server/demo/seed";

const { embedded } = await ensureDatabase();
await seedDemo();
await closeDb();
await embedded?.stop();
