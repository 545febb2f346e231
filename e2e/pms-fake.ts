/** The fake PMSs that playwright.config.ts starts for e2e/integrations.spec.ts: credentials and facilities. */
export const STOREDGE_E2E = {
  key: "e2e-storedge-access-id",
  secret: "e2e-storedge-secret-key",
  facilityId: "e2e00000-0000-4000-8000-000000000001",
  facilityName: "Maple Street Storage",
  /** 6 sizes × 3 units each (tests/fakes/storedge-server.ts). */
  units: 18,
  /** A tenant in storEDGE behind on rent: $129.00, paid through 12 days before the fake started. */
  pastDue: { name: "Pat Pastdue", phone: "+15125550188", balance: "$129.00" },
};

/** The fake Stora: an OAuth application (client credentials) and one site. */
export const STORA_E2E = {
  clientId: "e2e-stora-client",
  clientSecret: "e2e-stora-client-secret",
  siteId: "site_e2e0000000000001",
  siteName: "Harbour Self Storage",
  /** 4 unit types × 3 units each (tests/fakes/stora-server.ts, addSite), references A-1 … A-12. */
  unitTypes: 4,
  units: 12,
};
