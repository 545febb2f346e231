import { seedOrganization } from "../factories";
import { rentTo, seedAgentFacility } from "./seed";

/**
 * A new organization with the agent's facility and one tenant, Dana Owner, renting a small unit and
 * reachable at `phone`: the account a caller asks about (balance, gate code) in the agent's tests.
 */
export async function seedTenant(phone: string) {
  const org = await seedOrganization();
  const seeded = await seedAgentFacility(org.id);
  const rental = await rentTo(org.id, seeded.unitTypes.small.id, "Dana Owner", phone);
  return { org, seeded, rental };
}
