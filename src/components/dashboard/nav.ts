import type { Role } from "@/lib/permissions";

export interface NavItem {
  label: string;
  path: string;
  minimum?: Role;
  /** Why the page needs `minimum`, said to those below it (SettingsGate). */
  why?: string;
}

export const MAIN_NAV: NavItem[] = [
  { label: "Overview", path: "" },
  { label: "Inbox", path: "/inbox" },
  { label: "Facilities", path: "/facilities" },
  { label: "Calls", path: "/calls" },
  { label: "Customers", path: "/customers" },
  { label: "Leads", path: "/leads" },
  { label: "Reservations", path: "/reservations" },
  { label: "Collections", path: "/collections" },
  { label: "Analytics", path: "/analytics" },
  { label: "Reports", path: "/reports" },
];

export const SETTINGS_NAV: NavItem[] = [
  { label: "Team", path: "/settings/team" },
  { label: "Phone numbers", path: "/settings/phone-numbers" },
  {
    label: "Agent",
    path: "/settings/agent",
    minimum: "manager",
    why: "Its playground runs the real agent: a reservation made there holds a unit, and reservations are for managers and up.",
  },
  { label: "Web chat", path: "/settings/web-chat", minimum: "manager" },
  { label: "Billing", path: "/settings/billing", minimum: "admin" },
  { label: "Payments", path: "/settings/payments", minimum: "admin" },
  { label: "Security", path: "/settings/security" },
  { label: "Outbox", path: "/settings/outbox", minimum: "admin" },
  { label: "Audit log", path: "/settings/audit-log", minimum: "admin" },
  { label: "Integrations", path: "/settings/integrations", minimum: "admin" },
  { label: "API & webhooks", path: "/settings/api-keys", minimum: "admin" },
  { label: "Service status", path: "/settings/status", minimum: "admin" },
  { label: "Workflows", path: "/settings/workflows", minimum: "admin" },
  { label: "Alerts", path: "/settings/alerts", minimum: "admin" },
];
