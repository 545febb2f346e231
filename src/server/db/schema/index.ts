export * from "./auth";
export * from "./platform";
export * from "./inventory";
export * from "./telephony";
export * from "./billing";
export * from "./integrations";
export * from "./jobs";
export * from "./conversations";
