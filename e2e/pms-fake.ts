/** The fake storEDGE that playwright.config.ts starts for e2e/integrations.spec.ts: its credentials and facility. */
export const STOREDGE_E2E = {
  key: "e2e-storedge-access-id",
  secret: "e2e-storedge-secret-key",
  facilityId: "e2e00000-0000-4000-8000-000000000001",
  facilityName: "Maple Street Storage",
  /** 6 sizes × 3 units each (tests/fakes/storedge-server.ts). */
  units: 18,
};
