/**
 * Workflow names and message topics, shared by the workflow definitions (loaded only where DBOS
 * runs) and the triggers (loaded anywhere, including Next's route bundles). A workflow is enqueued
 * by name, so renaming one strands the runs already in the database: add a new name instead.
 */
export const WORKFLOWS = {
  followUpSequence: "followUpSequence",
  reservationLifecycle: "reservationLifecycle",
  missedCallTextBack: "missedCallTextBack",
  postConversation: "postConversation",
  webhookDelivery: "webhookDelivery",
  usageReport: "usageReport",
  operatorAlert: "operatorAlert",
  alertSweep: "alertSweep",
  scheduledReports: "scheduledReports",
  analyticsRollups: "analyticsRollups",
  idleChats: "idleChats",
  outboxSweep: "outboxSweep",
  housekeeping: "housekeeping",
  consistencyCheck: "consistencyCheck",
  dataRetention: "dataRetention",
  pmsSync: "pmsSync",
  pmsSyncSweep: "pmsSyncSweep",
  pmsWriteBack: "pmsWriteBack",
  paymentReceipt: "paymentReceipt",
  collectionsSweep: "collectionsSweep",
} as const;

/** recv/send topics. */
export const TOPICS = {
  followUpControl: "follow-up-control",
  reservationChanged: "reservation-changed",
} as const;

/** Workflow ids are derived from business ids, so a repeated start is the same workflow. */
export const workflowIds = {
  followUp: (leadId: string, trigger: string) => `follow-up:${leadId}:${trigger}`,
  reservation: (reservationId: string) => `reservation:${reservationId}`,
  missedCall: (callSid: string) => `missed-call:${callSid}`,
  postConversation: (conversationId: string) => `post-conversation:${conversationId}`,
  /** One sync per Stora event (a redelivery is the same workflow), or per "Sync now" press. */
  pmsSync: (connectionId: string, trigger: string) => `pms-sync:${connectionId}:${trigger}`,
  paymentReceipt: (paymentId: string) => `payment-receipt:${paymentId}`,
};

export type FollowUpControl =
  | { kind: "pause"; by?: string }
  | { kind: "resume"; by?: string }
  | { kind: "cancel"; by?: string }
  | { kind: "replied"; text: string }
  | { kind: "reserved"; reservationId: string };
