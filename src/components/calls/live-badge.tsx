"use client";

import { Badge } from "@chakra-ui/react";

import type { RealtimeStatus } from "./use-realtime";

export function LiveBadge({ status }: { status: RealtimeStatus }) {
  const [color, label] =
    status === "live"
      ? ["green", "Live updates on"]
      : status === "connecting"
        ? ["yellow", "Connecting…"]
        : ["red", "Live updates off"];
  return (
    <Badge colorPalette={color} variant="subtle" data-testid="live-status" data-status={status}>
      {label}
    </Badge>
  );
}
