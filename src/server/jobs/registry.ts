import { analyticsRollups } from "./workflows/analytics-rollups";
import { followUpSequence } from "./workflows/follow-up-sequence";
import { missedCallTextBack } from "./workflows/missed-call-text-back";
import { postConversation } from "./workflows/post-conversation";
import { reservationLifecycle } from "./workflows/reservation-lifecycle";
import { usageReport, webhookDelivery } from "./workflows/scheduled";
import { alertSweep, operatorAlert } from "./workflows/operator-alerts";
import { scheduledReports } from "./workflows/scheduled-reports";
import { idleChats } from "./workflows/idle-chats";
import { housekeeping } from "./workflows/housekeeping";
import { outboxSweep } from "./workflows/outbox-sweep";
import { consistencyCheck } from "./workflows/consistency-check";
import { dataRetention } from "./workflows/data-retention";
import { pmsSync, pmsSyncSweep } from "./workflows/pms-sync";
import { pmsWriteBack } from "./workflows/pms-write-back";
import { paymentReceipt } from "./workflows/payment-receipt";
import { collectionsSweep } from "./workflows/collections";

/**
 * Every workflow this app runs. Importing a workflow module registers it with DBOS, which must
 * happen before DBOS.launch(); only processes that run workflows (server.ts, the worker, tests)
 * import this file. Route handlers start workflows by name through ./client instead.
 */
const registered = [
  followUpSequence,
  reservationLifecycle,
  missedCallTextBack,
  postConversation,
  webhookDelivery,
  usageReport,
  operatorAlert,
  alertSweep,
  scheduledReports,
  analyticsRollups,
  idleChats,
  outboxSweep,
  housekeeping,
  consistencyCheck,
  dataRetention,
  pmsSync,
  pmsSyncSweep,
  pmsWriteBack,
  paymentReceipt,
  collectionsSweep,
];

export function registerWorkflows() {
  return registered.length;
}
