import { AuditLogView } from "@/components/settings/audit-log";

export const metadata = { title: "Audit log" };

export default function AuditLogPage() {
  return <AuditLogView />;
}
